// Package iam holds the adapter of iam.role: the roles ECS tasks run
// with, their trust policy, managed policies, inline policy and tags.
package iam

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// Kinds returns the tier's adapter keyed by kind name.
func Kinds(api RoleAPI) map[string]reconcile.Kind {
	return map[string]reconcile.Kind{names.KindRole: roleKind{api}}
}

// Register adds the role adapter and IAM's error table.
func Register(reg *kit.Registry, cfg aws.Config) error {
	for kind, k := range Kinds(iam.NewFromConfig(cfg)) {
		if err := reg.Add(kind, k); err != nil {
			return err
		}
	}
	if err := reg.AddOperations(Operations); err != nil {
		return err
	}
	return reg.AddErrors(Errors)
}

// Errors is IAM's error table, from the Errors sections of CreateRole,
// GetRole, GetAccountAuthorizationDetails, TagRole, UntagRole,
// UpdateAssumeRolePolicy, Attach/DetachRolePolicy,
// ListAttachedRolePolicies, Put/Get/Delete/ListRolePolicy(ies) and
// DeleteRole.
var Errors = kit.ErrorTable{
	Service:  "IAM",
	NotFound: []string{"NoSuchEntity"},
	// ConcurrentModification: "multiple requests to change this object
	// were submitted simultaneously"; ServiceFailure is IAM's 500.
	Transient: []string{"ConcurrentModification", "ServiceFailure"},
	Terminal: []string{
		"EntityAlreadyExists", "InvalidInput", "LimitExceeded", "MalformedPolicyDocument", "PolicyNotAttachable",
		"UnmodifiableEntity", "DeleteConflict", "ValidationError", "AccessDenied", "AccessDeniedException",
	},
}
