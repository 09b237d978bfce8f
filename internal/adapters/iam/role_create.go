package iam

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// Create makes the role with its trust policy and tags in one call, under
// the identity's path, then attaches the managed policies and writes the
// inline ones. CreateRole has no client token: a retry after a lost answer
// meets EntityAlreadyExists, and the role is then taken only if its tags
// say it is this address's. A crash before the policies are in leaves a
// role the next pass sees and completes.
func (k roleKind) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	in, err := createInput(id, r)
	if err != nil {
		return reconcile.Live{}, err
	}
	var role types.Role
	out, err := k.api.CreateRole(ctx, in)
	if err == nil {
		role = *out.Role
	} else if kit.Code(err) == "EntityAlreadyExists" {
		role, err = k.adopt(ctx, id, r.Address, aws.ToString(in.RoleName))
	}
	if err != nil {
		return reconcile.Live{}, fmt.Errorf("create role: %w", err)
	}
	c := kit.Change{ID: id, Want: r}
	arns, err := kit.Strings(r.Fields, names.Role.ManagedPolicyARNs)
	if err != nil {
		return reconcile.Live{}, err
	}
	if err := k.attach(ctx, role.RoleName, arns); err != nil {
		return reconcile.Live{}, err
	}
	inline, err := kit.Map(r.Fields, names.Role.InlinePolicies)
	if err != nil {
		return reconcile.Live{}, err
	}
	if err := k.putInline(ctx, c, role.RoleName, slices.Sorted(maps.Keys(inline))); err != nil {
		return reconcile.Live{}, err
	}
	live := reconcile.Live{ID: aws.ToString(role.RoleName), Attrs: map[string]string{"arn": aws.ToString(role.Arn), "name": aws.ToString(role.RoleName)}, Ready: true}
	return kit.Applied(id, r, live, names.Fields(names.KindRole))
}

func createInput(id desired.Identity, r desired.Resource) (*iam.CreateRoleInput, error) {
	path, err := rolePath(id)
	if err != nil {
		return nil, err
	}
	name, err := kit.String(r.Fields, names.Role.RoleName)
	if err != nil {
		return nil, err
	}
	trust, err := document(r.Fields[names.Role.AssumeRolePolicy], names.Role.AssumeRolePolicy)
	if err != nil {
		return nil, err
	}
	tags, err := kit.Tags(id, r)
	if err != nil {
		return nil, err
	}
	return &iam.CreateRoleInput{RoleName: aws.String(name), Path: aws.String(path), AssumeRolePolicyDocument: aws.String(trust), Tags: iamTags(tags)}, nil
}

// adopt takes an existing role of this name only when it carries this
// address's identity tags: the first of two creates whose answer was lost.
func (k roleKind) adopt(ctx context.Context, id desired.Identity, addr desired.Address, name string) (types.Role, error) {
	out, err := k.api.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(name)})
	if err != nil {
		return types.Role{}, err
	}
	tags := map[string]string{}
	for _, t := range out.Role.Tags {
		tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	if kit.Claim(id, tags) != addr {
		return types.Role{}, kit.BadInput("a role named %s already exists (%s) and is not tagged as this address", name, aws.ToString(out.Role.Arn))
	}
	return *out.Role, nil
}

// document reads a policy document field (desired.JSON, or text).
func document(v any, field string) (string, error) {
	switch d := v.(type) {
	case desired.JSON:
		return string(d), nil
	case string:
		return d, nil
	}
	return "", kit.BadInput("field %s: want a JSON document, got %T", field, v)
}

func iamTags(in map[string]string) []types.Tag {
	out := make([]types.Tag, 0, len(in))
	for _, k := range slices.Sorted(maps.Keys(in)) {
		out = append(out, types.Tag{Key: aws.String(k), Value: aws.String(in[k])})
	}
	return out
}
