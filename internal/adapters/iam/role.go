package iam

import (
	"context"
	"fmt"
	"strings"

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
	iam.GetAccountAuthorizationDetailsAPIClient
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

// Observe is one paginated GetAccountAuthorizationDetails (Filter Role):
// each role's trust policy, tags, attached and inline policies in one
// answer, where ListRoles would need ListRoleTags, ListAttachedRolePolicies
// and ListRolePolicies per role and GetRolePolicy per inline policy (8
// calls for the seed's two roles, three round trips deep). It has no path
// filter: the account's roles come in pages of up to 1,000 (detailsPage),
// and only those under the environment's path (rolePath) are claimed.
func (k roleKind) Observe(ctx context.Context, id desired.Identity) (map[desired.Address]reconcile.Live, error) {
	path, err := rolePath(id)
	if err != nil {
		return nil, err
	}
	var roles []roleRead
	p := iam.NewGetAccountAuthorizationDetailsPaginator(k.api, &iam.GetAccountAuthorizationDetailsInput{
		Filter: []types.EntityType{types.EntityTypeRole}, MaxItems: aws.Int32(detailsPage)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("read roles: %w", err)
		}
		for _, d := range page.RoleDetailList {
			if strings.HasPrefix(aws.ToString(d.Path), path) {
				roles = append(roles, readOf(d))
			}
		}
	}
	return kit.Collect(ctx, id, "roles", kit.Items(roles), func(r roleRead) map[string]string { return r.tags }, kit.Always(roleRead.live))
}

// detailsPage is GetAccountAuthorizationDetails's largest page.
const detailsPage = 1000

// roleRead is one role with its tags and policies.
type roleRead struct {
	role    types.Role
	tags    map[string]string
	managed []string
	inline  map[string]any
}

func (r roleRead) live() reconcile.Live { return roleLive(r.role, r.tags, r.managed, r.inline) }

// readOf is a role as GetAccountAuthorizationDetails details it; its
// documents are URL-encoded as everywhere in IAM (iampolicy.Observed
// decodes them).
func readOf(d types.RoleDetail) roleRead {
	r := roleRead{
		role: types.Role{RoleName: d.RoleName, Arn: d.Arn, Path: d.Path, RoleId: d.RoleId, CreateDate: d.CreateDate,
			AssumeRolePolicyDocument: d.AssumeRolePolicyDocument},
		tags: map[string]string{}, managed: []string{}, inline: map[string]any{},
	}
	for _, t := range d.Tags {
		r.tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	for _, a := range d.AttachedManagedPolicies {
		r.managed = append(r.managed, aws.ToString(a.PolicyArn))
	}
	for _, pol := range d.RolePolicyList {
		r.inline[aws.ToString(pol.PolicyName)] = desired.JSON(iampolicy.Observed(aws.ToString(pol.PolicyDocument)))
	}
	return r
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
