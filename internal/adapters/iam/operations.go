package iam

import (
	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired/names"
)

// Operations are the IAM operations the role adapter calls
// (kit.Operations).
var Operations = map[string]kit.Operations{
	names.KindRole: {
		Observe: []string{"iam:GetAccountAuthorizationDetails"},
		Change: []string{"iam:CreateRole", "iam:GetRole", "iam:UpdateAssumeRolePolicy", "iam:AttachRolePolicy",
			"iam:DetachRolePolicy", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:TagRole", "iam:UntagRole"},
		Delete: []string{"iam:ListAttachedRolePolicies", "iam:DetachRolePolicy", "iam:ListRolePolicies", "iam:GetRolePolicy",
			"iam:DeleteRolePolicy", "iam:DeleteRole"},
	},
}
