package iam

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/everruns/reconciler/pkg/reconcile"
)

// Delete removes the role, which IAM allows only once it holds no
// policy: detach the managed ones, delete the inline ones, then the role.
// The engine calls it only to replace a role (a new name, with
// --allow-replace); a role the file still has is never deleted, and one
// it dropped is an orphan, reported by the engine.
func (k roleKind) Delete(ctx context.Context, live reconcile.Live) error {
	name := aws.String(live.ID)
	arns, err := k.attached(ctx, live.ID)
	if err != nil {
		return Errors.IgnoreNotFound(err)
	}
	for _, arn := range arns {
		_, err := k.api.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: name, PolicyArn: aws.String(arn)})
		if err = Errors.IgnoreNotFound(err); err != nil {
			return fmt.Errorf("detach policy %s: %w", arn, err)
		}
	}
	inline, err := k.inline(ctx, live.ID)
	if err != nil {
		return Errors.IgnoreNotFound(err)
	}
	for pol := range inline {
		_, err := k.api.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: name, PolicyName: aws.String(pol)})
		if err = Errors.IgnoreNotFound(err); err != nil {
			return fmt.Errorf("delete inline policy %s: %w", pol, err)
		}
	}
	_, err = k.api.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: name})
	if err = Errors.IgnoreNotFound(err); err != nil {
		return fmt.Errorf("delete role: %w", err)
	}
	return nil
}
