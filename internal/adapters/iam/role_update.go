package iam

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// steps, in this order: who may assume the role first; then every grant
// (attach, put) before any revocation (detach, delete), so that a task
// starting mid-update never holds less than both the old and the new
// permissions; tags last.
func (k roleKind) steps() kit.Steps {
	return kit.Steps{
		kit.On(k.trust, names.Role.AssumeRolePolicy),
		kit.On(k.managed, names.Role.ManagedPolicyARNs),
		kit.On(k.inlinePolicies, names.Role.InlinePolicies),
		kit.On(k.tag, names.Role.Tags),
	}
}

func (k roleKind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	return k.steps().Run(ctx, kit.Change{ID: id, Want: r, Live: live, Delta: delta})
}

func (k roleKind) trust(ctx context.Context, c kit.Change) error {
	doc, err := document(c.Want.Fields[names.Role.AssumeRolePolicy], names.Role.AssumeRolePolicy)
	if err != nil {
		return err
	}
	_, err = k.api.UpdateAssumeRolePolicy(ctx, &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String(c.Live.ID), PolicyDocument: aws.String(doc)})
	if err != nil {
		return fmt.Errorf("update trust policy: %w", err)
	}
	return nil
}

// managed attaches what the file adds and detaches the rest: a policy a
// person attached by hand is drift, and goes.
func (k roleKind) managed(ctx context.Context, c kit.Change) error {
	added, removed := c.Delta.SetChange(names.Role.ManagedPolicyARNs)
	if err := k.attach(ctx, aws.String(c.Live.ID), strs(added)); err != nil {
		return err
	}
	for _, arn := range strs(removed) {
		_, err := k.api.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: aws.String(c.Live.ID), PolicyArn: aws.String(arn)})
		if err = Errors.IgnoreNotFound(err); err != nil {
			return fmt.Errorf("detach policy %s: %w", arn, err)
		}
	}
	return nil
}

// attach attaches policies. NoSuchEntity here means the policy, the role
// having just been read: a wrong ARN in the file, which retrying cannot
// mend.
func (k roleKind) attach(ctx context.Context, role *string, arns []string) error {
	for _, arn := range arns {
		_, err := k.api.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: role, PolicyArn: aws.String(arn)})
		if Errors.IsNotFound(err) {
			return kit.BadInput("attach policy %s: it does not exist or is not attachable", arn)
		}
		if err != nil {
			return fmt.Errorf("attach policy %s: %w", arn, err)
		}
	}
	return nil
}

// inlinePolicies writes every inline policy the delta names that the file
// has, then deletes those it names that the file does not have: one a
// person added, or one the file dropped.
func (k roleKind) inlinePolicies(ctx context.Context, c kit.Change) error {
	want, err := kit.Map(c.Want.Fields, names.Role.InlinePolicies)
	if err != nil {
		return err
	}
	have, _ := c.Live.Fields[names.Role.InlinePolicies].(map[string]any)
	changed := changedPolicies(c.Delta, slices.Concat(slices.Collect(maps.Keys(want)), slices.Collect(maps.Keys(have))))
	var put, del []string
	for _, name := range changed {
		if _, ok := want[name]; ok {
			put = append(put, name)
		} else {
			del = append(del, name)
		}
	}
	if err := k.putInline(ctx, c, aws.String(c.Live.ID), put); err != nil {
		return err
	}
	for _, name := range del {
		_, err := k.api.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: aws.String(c.Live.ID), PolicyName: aws.String(name)})
		if err = Errors.IgnoreNotFound(err); err != nil {
			return fmt.Errorf("delete inline policy %s: %w", name, err)
		}
	}
	return nil
}

func (k roleKind) putInline(ctx context.Context, c kit.Change, role *string, policies []string) error {
	want, err := kit.Map(c.Want.Fields, names.Role.InlinePolicies)
	if err != nil {
		return err
	}
	for _, name := range policies {
		doc, err := document(want[name], names.Role.InlinePolicies+"."+name)
		if err != nil {
			return err
		}
		_, err = k.api.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: role, PolicyName: aws.String(name), PolicyDocument: aws.String(doc)})
		if err != nil {
			return fmt.Errorf("put inline policy %s: %w", name, err)
		}
	}
	return nil
}

// changedPolicies names the inline policies the delta's paths fall in.
// The drift reports "inline_policies.<name>" or a path inside the
// document ("inline_policies.<name>.Statement"), and a policy name may
// itself hold dots, so each path is matched against the known names,
// longest first.
func changedPolicies(d drift.Delta, known []string) []string {
	slices.SortFunc(known, func(a, b string) int { return len(b) - len(a) })
	var out []string
	for _, fc := range d {
		rest, ok := strings.CutPrefix(fc.Path, names.Role.InlinePolicies+".")
		if !ok {
			continue
		}
		for _, name := range known {
			if rest == name || strings.HasPrefix(rest, name+".") {
				if !slices.Contains(out, name) {
					out = append(out, name)
				}
				break
			}
		}
	}
	slices.Sort(out)
	return out
}

func (k roleKind) tag(ctx context.Context, c kit.Change) error {
	put, remove := kit.TagChange(c.Delta)
	if len(put) > 0 {
		if _, err := k.api.TagRole(ctx, &iam.TagRoleInput{RoleName: aws.String(c.Live.ID), Tags: iamTags(put)}); err != nil {
			return fmt.Errorf("tag role: %w", err)
		}
	}
	if len(remove) > 0 {
		if _, err := k.api.UntagRole(ctx, &iam.UntagRoleInput{RoleName: aws.String(c.Live.ID), TagKeys: remove}); err != nil {
			return fmt.Errorf("untag role: %w", err)
		}
	}
	return nil
}

func strs(vs []any) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
