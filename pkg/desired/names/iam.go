package names

// Kinds of IAM.
const (
	KindRole = "iam.role"
)

// Field names of IAM's kinds (docs/resources.md).
var (
	Role = kind[struct {
		RoleName          string `field:"role_name"`
		AssumeRolePolicy  string `field:"assume_role_policy"`
		ManagedPolicyARNs string `field:"managed_policy_arns"`
		InlinePolicies    string `field:"inline_policies"`
		Tags              string `field:"tags"`
	}](KindRole)
)
