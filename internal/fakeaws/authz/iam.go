package authz

import "strings"

// IAM and STS, from "Actions, resources, and condition keys for AWS
// Identity and Access Management"
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html)
// and "Tag IAM roles" (iam:TagRole is authorized on a CreateRole that
// carries tags). STS GetCallerIdentity needs no permission.
func init() {
	register("iam", map[string]rule{
		"CreateRole":               iamCreateRole,
		"GetRole":                  iamOnRole,
		"DeleteRole":               iamOnRole,
		"UpdateRole":               iamOnRole,
		"UpdateAssumeRolePolicy":   iamOnRole,
		"PutRolePolicy":            iamOnRole,
		"GetRolePolicy":            iamOnRole,
		"DeleteRolePolicy":         iamOnRole,
		"ListRolePolicies":         iamOnRole,
		"AttachRolePolicy":         iamPolicyOnRole,
		"DetachRolePolicy":         iamPolicyOnRole,
		"ListAttachedRolePolicies": iamOnRole,
		"ListRoleTags":             iamOnRole,
		"TagRole":                  iamTagRole(true),
		"UntagRole":                iamTagRole(false),
		"ListRoles":                star("iam"),
		// No resource type: it reads the whole account's IAM configuration.
		"GetAccountAuthorizationDetails": star("iam"),
		"SimulatePrincipalPolicy": func(c *Call) []Check {
			return []Check{c.on("iam:SimulatePrincipalPolicy", c.str("PolicySourceArn"), ctx{})}
		},
	})
	register("sts", map[string]rule{
		"AssumeRole":        func(c *Call) []Check { return []Check{c.on("sts:AssumeRole", c.str("RoleArn"), ctx{})} },
		"GetCallerIdentity": func(*Call) []Check { return nil },
	})
}

// roleARN is the ARN of a role named by ARN or name: a name resolves to
// its role's ARN (which holds its path); a role that does not exist gets
// the ARN of the root path.
func (c *Call) roleARN(v string) string {
	if strings.HasPrefix(v, "arn:") {
		return v
	}
	if arn := c.State.Find("iam:role", v); arn != "" {
		return arn
	}
	return c.arn("iam", "", "role/"+v)
}

func iamOnRole(c *Call) []Check {
	return []Check{c.on("iam:"+c.Action, c.roleARN(c.str("RoleName")), ctx{})}
}

func iamPolicyOnRole(c *Call) []Check {
	return []Check{c.on("iam:"+c.Action, c.roleARN(c.str("RoleName")), ctx{}.with("iam:PolicyARN", c.str("PolicyArn")))}
}

func iamCreateRole(c *Call) []Check {
	path := c.str("Path")
	if path == "" {
		path = "/"
	}
	arn := c.arn("iam", "", "role"+path+c.str("RoleName"))
	tags := c.formTags("Tags.member")
	x := ctx{}.requestTags(tags)
	checks := []Check{{Action: "iam:CreateRole", Resource: arn, Context: x.clone()}}
	if len(tags) > 0 {
		checks = append(checks, Check{Action: "iam:TagRole", Resource: arn, Context: x.clone()})
	}
	return checks
}

func iamTagRole(add bool) rule {
	return func(c *Call) []Check {
		x := ctx{}
		if add {
			x.requestTags(c.formTags("Tags.member"))
		} else {
			x.tagKeys(sortedStrings(c.list("TagKeys")))
		}
		return []Check{c.on("iam:"+c.Action, c.roleARN(c.str("RoleName")), x)}
	}
}
