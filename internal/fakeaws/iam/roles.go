package iam

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/iam"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

type role struct {
	name, path, id, arn string
	description         string
	assumeRolePolicy    string // as sent; encoded on the way out
	maxSession          int64
	created             time.Time
	inline              map[string]string // policy name → document
	attached            map[string]string // policy ARN → policy name
	tags                tagList
}

func (r *role) shape(withTags bool) *v1.Role {
	out := &v1.Role{
		Arn:                      aws.String(r.arn),
		AssumeRolePolicyDocument: aws.String(encodePolicy(r.assumeRolePolicy)),
		CreateDate:               aws.Time(r.created),
		MaxSessionDuration:       aws.Int64(r.maxSession),
		Path:                     aws.String(r.path),
		RoleId:                   aws.String(r.id),
		RoleName:                 aws.String(r.name),
		RoleLastUsed:             &v1.RoleLastUsed{},
	}
	if r.description != "" {
		out.Description = aws.String(r.description)
	}
	if withTags {
		out.Tags = r.tags.shape()
	}
	return out
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
func (s *Service) createRole(req *core.Request) (any, error) {
	var in v1.CreateRoleInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	name, path := aws.StringValue(in.RoleName), aws.StringValue(in.Path)
	if path == "" {
		path = "/"
	}
	if err := checkName("RoleName", name, 64); err != nil {
		return nil, err
	}
	if err := checkPath(path); err != nil {
		return nil, err
	}
	if err := checkPolicy(aws.StringValue(in.AssumeRolePolicyDocument)); err != nil {
		return nil, err
	}
	maxSession := aws.Int64Value(in.MaxSessionDuration)
	if in.MaxSessionDuration == nil {
		maxSession = 3600
	}
	if maxSession < 3600 || maxSession > 43200 {
		return nil, validationError("The requested MaxSessionDuration %d exceeds the valid range 3600 to 43200 seconds.", maxSession)
	}
	tags, err := newTags(in.Tags)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, exists := s.roles[key(name)]; exists {
		return nil, entityAlreadyExists("Role with name %s already exists.", name)
	}
	r := &role{
		name: name, path: path, id: roleID(s.env.IDs), arn: roleARN(path, name),
		description: aws.StringValue(in.Description), assumeRolePolicy: aws.StringValue(in.AssumeRolePolicyDocument),
		maxSession: maxSession, created: s.env.Clock.Now(),
		inline: map[string]string{}, attached: map[string]string{}, tags: tags,
	}
	s.roles[key(name)] = r
	return &v1.CreateRoleOutput{Role: r.shape(true)}, nil
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html
func (s *Service) getRole(req *core.Request) (any, error) {
	var in v1.GetRoleInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.lookup(aws.StringValue(in.RoleName))
	if err != nil {
		return nil, err
	}
	return &v1.GetRoleOutput{Role: r.shape(true)}, nil
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html
// ListRoles does not return tags (nor RoleLastUsed), as AWS documents.
func (s *Service) listRoles(req *core.Request) (any, error) {
	var in v1.ListRolesInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	prefix := aws.StringValue(in.PathPrefix)
	s.mu.Lock()
	var roles []*v1.Role
	for _, r := range s.roles {
		if strings.HasPrefix(r.path, prefix) {
			sh := r.shape(false)
			sh.RoleLastUsed = nil
			roles = append(roles, sh)
		}
	}
	s.mu.Unlock()
	sort.Slice(roles, func(i, j int) bool { return *roles[i].RoleName < *roles[j].RoleName })
	start, end, marker, err := page(len(roles), in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &v1.ListRolesOutput{Roles: roles[start:end], IsTruncated: aws.Bool(marker != nil), Marker: marker}, nil
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html
// A role with inline or attached policies cannot be deleted (DeleteConflict).
func (s *Service) deleteRole(req *core.Request) (any, error) {
	var in v1.DeleteRoleInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.lookup(aws.StringValue(in.RoleName))
	if err != nil {
		return nil, err
	}
	if len(r.inline) > 0 {
		return nil, deleteConflict("Cannot delete entity, must delete policies first.")
	}
	if len(r.attached) > 0 {
		return nil, deleteConflict("Cannot delete entity, must detach all policies first.")
	}
	delete(s.roles, key(r.name))
	return &v1.DeleteRoleOutput{}, nil
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html
func (s *Service) updateAssumeRolePolicy(req *core.Request) (any, error) {
	var in v1.UpdateAssumeRolePolicyInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	doc := aws.StringValue(in.PolicyDocument)
	if err := checkPolicy(doc); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.lookup(aws.StringValue(in.RoleName))
	if err != nil {
		return nil, err
	}
	r.assumeRolePolicy = doc
	return &v1.UpdateAssumeRolePolicyOutput{}, nil
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateRole.html
func (s *Service) updateRole(req *core.Request) (any, error) {
	var in v1.UpdateRoleInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.lookup(aws.StringValue(in.RoleName))
	if err != nil {
		return nil, err
	}
	if in.MaxSessionDuration != nil {
		if d := *in.MaxSessionDuration; d < 3600 || d > 43200 {
			return nil, validationError("The requested MaxSessionDuration %d exceeds the valid range 3600 to 43200 seconds.", d)
		}
		r.maxSession = *in.MaxSessionDuration
	}
	if in.Description != nil {
		r.description = *in.Description
	}
	return &v1.UpdateRoleOutput{}, nil
}
