package iam

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"slices"
	"sort"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/iam"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// entityTypes are the values Filter takes (EntityType).
var entityTypes = []string{"User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
// Every role of the account (there is no path filter) with its inline
// policies (RolePolicyList), attached managed policies, tags and trust
// policy in one answer, the documents URL-encoded (RFC 3986) as
// everywhere in IAM. Filter picks entity types (none: all); the fake has
// no users, groups or managed policy documents, so those lists are empty.
// Marker/MaxItems page the roles like ListRoles.
func (s *Service) getAccountAuthorizationDetails(req *core.Request) (any, error) {
	var in v1.GetAccountAuthorizationDetailsInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	filter := aws.StringValueSlice(in.Filter)
	for _, f := range filter {
		if !slices.Contains(entityTypes, f) {
			return nil, validationError("1 validation error detected: Value '[%s]' at 'filter' failed to satisfy constraint: "+
				"Member must satisfy constraint: [Member must satisfy enum value set: [User, Role, Group, LocalManagedPolicy, AWSManagedPolicy]]", f)
		}
	}
	out := &v1.GetAccountAuthorizationDetailsOutput{RoleDetailList: []*v1.RoleDetail{}, UserDetailList: []*v1.UserDetail{},
		GroupDetailList: []*v1.GroupDetail{}, Policies: []*v1.ManagedPolicyDetail{}, IsTruncated: aws.Bool(false)}
	if len(filter) > 0 && !slices.Contains(filter, "Role") {
		return out, nil
	}
	s.mu.Lock()
	details := make([]*v1.RoleDetail, 0, len(s.roles))
	for _, r := range s.roles {
		details = append(details, r.detail())
	}
	s.mu.Unlock()
	sort.Slice(details, func(i, j int) bool { return *details[i].RoleName < *details[j].RoleName })
	start, end, marker, err := page(len(details), in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	out.RoleDetailList, out.IsTruncated, out.Marker = details[start:end], aws.Bool(marker != nil), marker
	return out, nil
}

// detail is the role as GetAccountAuthorizationDetails reports it; the
// caller holds s.mu.
func (r *role) detail() *v1.RoleDetail {
	d := &v1.RoleDetail{
		Arn: aws.String(r.arn), AssumeRolePolicyDocument: aws.String(encodePolicy(r.assumeRolePolicy)),
		CreateDate: aws.Time(r.created), Path: aws.String(r.path), RoleId: aws.String(r.id), RoleName: aws.String(r.name),
		RoleLastUsed: &v1.RoleLastUsed{}, InstanceProfileList: []*v1.InstanceProfile{},
		RolePolicyList: []*v1.PolicyDetail{}, AttachedManagedPolicies: []*v1.AttachedPolicy{}, Tags: r.tags.shape(),
	}
	for _, name := range sortedKeys(r.inline) {
		d.RolePolicyList = append(d.RolePolicyList, &v1.PolicyDetail{PolicyName: aws.String(name), PolicyDocument: aws.String(encodePolicy(r.inline[name]))})
	}
	for _, arn := range sortedKeys(r.attached) {
		d.AttachedManagedPolicies = append(d.AttachedManagedPolicies, &v1.AttachedPolicy{PolicyArn: aws.String(arn), PolicyName: aws.String(r.attached[arn])})
	}
	return d
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
