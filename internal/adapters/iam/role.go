package iam

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/iampolicy"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// RoleAPI is the part of the IAM client the role adapter uses.
type RoleAPI interface {
	CreateRole(ctx context.Context, in *iam.CreateRoleInput, optFns ...func(*iam.Options)) (*iam.CreateRoleOutput, error)
	GetRole(ctx context.Context, in *iam.GetRoleInput, optFns ...func(*iam.Options)) (*iam.GetRoleOutput, error)
	DeleteRole(ctx context.Context, in *iam.DeleteRoleInput, optFns ...func(*iam.Options)) (*iam.DeleteRoleOutput, error)
	iam.ListRolesAPIClient
	iam.ListRoleTagsAPIClient
	iam.ListAttachedRolePoliciesAPIClient
	iam.ListRolePoliciesAPIClient
	GetRolePolicy(ctx context.Context, in *iam.GetRolePolicyInput, optFns ...func(*iam.Options)) (*iam.GetRolePolicyOutput, error)
	UpdateAssumeRolePolicy(ctx context.Context, in *iam.UpdateAssumeRolePolicyInput, optFns ...func(*iam.Options)) (*iam.UpdateAssumeRolePolicyOutput, error)
	AttachRolePolicy(ctx context.Context, in *iam.AttachRolePolicyInput, optFns ...func(*iam.Options)) (*iam.AttachRolePolicyOutput, error)
	DetachRolePolicy(ctx context.Context, in *iam.DetachRolePolicyInput, optFns ...func(*iam.Options)) (*iam.DetachRolePolicyOutput, error)
	PutRolePolicy(ctx context.Context, in *iam.PutRolePolicyInput, optFns ...func(*iam.Options)) (*iam.PutRolePolicyOutput, error)
	DeleteRolePolicy(ctx context.Context, in *iam.DeleteRolePolicyInput, optFns ...func(*iam.Options)) (*iam.DeleteRolePolicyOutput, error)
	TagRole(ctx context.Context, in *iam.TagRoleInput, optFns ...func(*iam.Options)) (*iam.TagRoleOutput, error)
	UntagRole(ctx context.Context, in *iam.UntagRoleInput, optFns ...func(*iam.Options)) (*iam.UntagRoleOutput, error)
}

var _ RoleAPI = (*iam.Client)(nil)

// roleKind manages iam.role: role_name*, assume_role_policy (JSON),
// managed_policy_arns (Set), inline_policies (map name → JSON), tags. Its
// ID is the role name; attribute arn is what task definitions take.
type roleKind struct{ api RoleAPI }

// Observe lists the environment's roles with one paginated
// ListRoles(PathPrefix) (see rolePath), then, per role, what IAM answers
// only per role — exceptions to one batched read that IAM forces:
// ListRoleTags (ListRoles "does not return … Tags", per its reference),
// ListAttachedRolePolicies, ListRolePolicies, and GetRolePolicy per
// inline policy. For the seed's two roles with one inline policy: 1 + 2×3
// + 1 = 8 calls, in three round trips (readRoles).
func (k roleKind) Observe(ctx context.Context, id desired.Identity) (map[desired.Address]reconcile.Live, error) {
	path, err := rolePath(id)
	if err != nil {
		return nil, err
	}
	var listed []types.Role
	p := iam.NewListRolesPaginator(k.api, &iam.ListRolesInput{PathPrefix: aws.String(path)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list roles: %w", err)
		}
		listed = append(listed, page.Roles...)
	}
	roles, err := k.readRoles(ctx, listed)
	if err != nil {
		return nil, err
	}
	return kit.Collect(ctx, id, "roles", kit.Items(roles), func(r roleRead) map[string]string { return r.tags }, kit.Always(roleRead.live))
}

// gone reports a role (or policy) deleted under the adapter's feet.
func gone(err error) bool { return Errors.IsNotFound(err) }

func (k roleKind) tags(ctx context.Context, name string) (map[string]string, error) {
	out := map[string]string{}
	p := iam.NewListRoleTagsPaginator(k.api, &iam.ListRoleTagsInput{RoleName: aws.String(name)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list tags of role %s: %w", name, err)
		}
		for _, t := range page.Tags {
			out[aws.ToString(t.Key)] = aws.ToString(t.Value)
		}
	}
	return out, nil
}

func roleLive(r types.Role, tags map[string]string, managed []string, inline map[string]any) reconcile.Live {
	return reconcile.Live{
		ID: aws.ToString(r.RoleName),
		Fields: map[string]any{
			names.Role.RoleName:          aws.ToString(r.RoleName),
			names.Role.AssumeRolePolicy:  desired.JSON(iampolicy.Observed(aws.ToString(r.AssumeRolePolicyDocument))),
			names.Role.ManagedPolicyARNs: managed,
			names.Role.InlinePolicies:    inline,
			names.Role.Tags:              kit.Observed(tags),
		},
		Attrs: map[string]string{"arn": aws.ToString(r.Arn), "name": aws.ToString(r.RoleName)},
		Ready: true,
	}
}

func (k roleKind) attached(ctx context.Context, name string) ([]string, error) {
	out := []string{}
	p := iam.NewListAttachedRolePoliciesPaginator(k.api, &iam.ListAttachedRolePoliciesInput{RoleName: aws.String(name)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list attached policies: %w", err)
		}
		for _, a := range page.AttachedPolicies {
			out = append(out, aws.ToString(a.PolicyArn))
		}
	}
	return out, nil
}

// inline reads every inline policy, its document in canonical form.
func (k roleKind) inline(ctx context.Context, name string) (map[string]any, error) {
	out := map[string]any{}
	p := iam.NewListRolePoliciesPaginator(k.api, &iam.ListRolePoliciesInput{RoleName: aws.String(name)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list inline policies: %w", err)
		}
		for _, pol := range page.PolicyNames {
			doc, err := k.api.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String(name), PolicyName: aws.String(pol)})
			if err != nil {
				return nil, fmt.Errorf("get inline policy %s: %w", pol, err)
			}
			out[pol] = desired.JSON(iampolicy.Observed(aws.ToString(doc.PolicyDocument)))
		}
	}
	return out, nil
}
