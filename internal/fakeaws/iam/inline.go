package iam

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"sort"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/iam"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html
// Putting a policy under an existing name replaces its document.
func (s *Service) putRolePolicy(req *core.Request) (any, error) {
	var in v1.PutRolePolicyInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	name, doc := aws.StringValue(in.PolicyName), aws.StringValue(in.PolicyDocument)
	if err := checkName("PolicyName", name, 128); err != nil {
		return nil, err
	}
	if err := checkPolicy(doc); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.lookup(aws.StringValue(in.RoleName))
	if err != nil {
		return nil, err
	}
	r.inline[name] = doc
	return &v1.PutRolePolicyOutput{}, nil
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html
func (s *Service) getRolePolicy(req *core.Request) (any, error) {
	var in v1.GetRolePolicyInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, name, err := s.inlinePolicy(in.RoleName, in.PolicyName)
	if err != nil {
		return nil, err
	}
	return &v1.GetRolePolicyOutput{
		RoleName:       aws.String(r.name),
		PolicyName:     aws.String(name),
		PolicyDocument: aws.String(encodePolicy(r.inline[name])),
	}, nil
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRolePolicy.html
func (s *Service) deleteRolePolicy(req *core.Request) (any, error) {
	var in v1.DeleteRolePolicyInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, name, err := s.inlinePolicy(in.RoleName, in.PolicyName)
	if err != nil {
		return nil, err
	}
	delete(r.inline, name)
	return &v1.DeleteRolePolicyOutput{}, nil
}

// inlinePolicy finds a role and one of its inline policies; the caller
// holds s.mu.
func (s *Service) inlinePolicy(roleName, policyName *string) (*role, string, error) {
	r, err := s.lookup(aws.StringValue(roleName))
	if err != nil {
		return nil, "", err
	}
	name := aws.StringValue(policyName)
	if name == "" {
		return nil, "", core.MissingParameter("PolicyName")
	}
	if _, ok := r.inline[name]; !ok {
		return nil, "", noSuchEntity("The role policy with name %s cannot be found.", name)
	}
	return r, name, nil
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRolePolicies.html
func (s *Service) listRolePolicies(req *core.Request) (any, error) {
	var in v1.ListRolePoliciesInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	r, err := s.lookup(aws.StringValue(in.RoleName))
	var names []string
	if err == nil {
		for n := range r.inline {
			names = append(names, n)
		}
	}
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	start, end, marker, err := page(len(names), in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &v1.ListRolePoliciesOutput{
		PolicyNames: aws.StringSlice(names[start:end]),
		IsTruncated: aws.Bool(marker != nil),
		Marker:      marker,
	}, nil
}
