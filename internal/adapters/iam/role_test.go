package iam_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/everruns/reconciler/internal/adapters/kit/kittest"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

const (
	execRole  = desired.Address("cluster.role.execution")
	taskRole  = desired.Address("cluster.role.task")
	execPol   = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
	extraPol  = "arn:aws:iam::aws:policy/AdministratorAccess"
	rolesPath = "/everruns/everruns/production/"
)

func TestRoleCreateObserveAndIdempotentCreate(t *testing.T) {
	h := start(t)
	for _, a := range []desired.Address{execRole, taskRole} {
		r := h.file[a]
		made := h.create(t, r)
		h.inSync(t, r)
		if !strings.HasPrefix(made.Attrs["arn"], "arn:aws:iam::") || !strings.Contains(made.Attrs["arn"], ":role"+rolesPath) {
			t.Errorf("%s: arn %q is not under %s", a, made.Attrs["arn"], rolesPath)
		}
		again := h.create(t, r) // the first create's answer was lost
		kittest.Equal(t, "arn of the second create", made.Attrs["arn"], again.Attrs["arn"])
	}
	if n := len(h.observe(t)); n != 2 {
		t.Errorf("observed %d roles, want 2", n)
	}
}

func TestRoleOfTheSameNameNotOursIsRefusedAndNotObserved(t *testing.T) {
	h := start(t)
	r := h.file[execRole]
	_, err := h.iam.CreateRole(t.Context(), &iam.CreateRoleInput{RoleName: aws.String(r.Fields["role_name"].(string)),
		AssumeRolePolicyDocument: aws.String(`{"Statement":[]}`)})
	must(t, "CreateRole", err)
	if _, err := h.kind.Create(t.Context(), h.id, r); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("Create over a stranger's role: %v", err)
	}
	if n := len(h.observe(t)); n != 0 {
		t.Errorf("observed %d roles outside the environment's path", n)
	}
}

// AWS returns the trust policy URL-encoded, keys reordered and single
// values unwrapped: a person saving the same policy in the console
// changes nothing.
func TestRoleTrustPolicyComparesCanonically(t *testing.T) {
	h := start(t)
	r := h.file[execRole]
	l := h.create(t, r)
	_, err := h.iam.UpdateAssumeRolePolicy(t.Context(), &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String(l.ID),
		PolicyDocument: aws.String(`{"Statement":{"Action":"sts:AssumeRole","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Effect":"Allow"},"Version":"2012-10-17"}`)})
	must(t, "UpdateAssumeRolePolicy", err)
	h.inSync(t, r)

	_, err = h.iam.UpdateAssumeRolePolicy(t.Context(), &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String(l.ID),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)})
	must(t, "UpdateAssumeRolePolicy", err)
	kittest.Equal(t, "fields updated", []string{"assume_role_policy"}, h.update(t, r))
	h.inSync(t, r)
}

func TestRoleManagedPoliciesFollowTheFile(t *testing.T) {
	h := start(t)
	r := h.file[execRole]
	l := h.create(t, r)
	_, err := h.iam.AttachRolePolicy(t.Context(), &iam.AttachRolePolicyInput{RoleName: aws.String(l.ID), PolicyArn: aws.String(extraPol)})
	must(t, "AttachRolePolicy", err)
	_, err = h.iam.DetachRolePolicy(t.Context(), &iam.DetachRolePolicyInput{RoleName: aws.String(l.ID), PolicyArn: aws.String(execPol)})
	must(t, "DetachRolePolicy", err)
	c := h.drift(t, r)
	if c.Action != drift.ActionUpdate || len(c.Fields) != 1 || c.Fields[0].Path != "managed_policy_arns" {
		t.Fatalf("drift = %+v", c)
	}
	kittest.Equal(t, "added", []any{execPol}, c.Fields[0].Added)
	kittest.Equal(t, "removed", []any{extraPol}, c.Fields[0].Removed)
	h.update(t, r)
	h.inSync(t, r)
}

func TestRoleInlinePoliciesAreRepaired(t *testing.T) {
	h := start(t)
	r := h.file[execRole]
	l := h.create(t, r)
	_, err := h.iam.PutRolePolicy(t.Context(), &iam.PutRolePolicyInput{RoleName: aws.String(l.ID), PolicyName: aws.String("everruns"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:*","Resource":"*"}]}`)})
	must(t, "PutRolePolicy", err)
	_, err = h.iam.PutRolePolicy(t.Context(), &iam.PutRolePolicyInput{RoleName: aws.String(l.ID), PolicyName: aws.String("by.hand"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`)})
	must(t, "PutRolePolicy", err)
	kittest.Equal(t, "fields updated", []string{"inline_policies"}, h.update(t, r))
	h.inSync(t, r)
	out, err := h.iam.ListRolePolicies(t.Context(), &iam.ListRolePoliciesInput{RoleName: aws.String(l.ID)})
	must(t, "ListRolePolicies", err)
	kittest.Equal(t, "inline policies", []string{"everruns"}, out.PolicyNames)
}

func TestRoleTagsFollowTheFile(t *testing.T) {
	h := start(t)
	r := h.file[taskRole]
	l := h.create(t, r)
	_, err := h.iam.TagRole(t.Context(), &iam.TagRoleInput{RoleName: aws.String(l.ID), Tags: []types.Tag{{Key: aws.String("Owner"), Value: aws.String("me")}}})
	must(t, "TagRole", err)
	_, err = h.iam.UntagRole(t.Context(), &iam.UntagRoleInput{RoleName: aws.String(l.ID), TagKeys: []string{"ManagedBy"}})
	must(t, "UntagRole", err)
	kittest.Equal(t, "fields updated", []string{"tags"}, h.update(t, r))
	h.inSync(t, r)
}

func TestRoleObserveCalls(t *testing.T) {
	h := start(t)
	h.create(t, h.file[execRole])
	h.create(t, h.file[taskRole])
	h.srv.ResetCalls()
	h.observe(t)
	got := map[string]int{}
	for k, v := range h.srv.Calls() {
		if v > 0 {
			got[k] = v
		}
	}
	kittest.Equal(t, "calls of one Observe", map[string]int{
		"iam:GetAccountAuthorizationDetails": 1, // trust, tags, attached and inline policies of both roles
	}, got)
}

func TestRoleDeleteRemovesPoliciesThenTheRole(t *testing.T) {
	h := start(t)
	l := h.create(t, h.file[execRole])
	if err := h.kind.Delete(t.Context(), l); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if n := len(h.observe(t)); n != 0 {
		t.Errorf("observed %d roles after Delete", n)
	}
	if err := h.kind.Delete(t.Context(), l); err != nil {
		t.Errorf("Delete of a role already gone: %v", err)
	}
}

func TestRoleWithAnUnknownManagedPolicyFailsTerminally(t *testing.T) {
	h := start(t)
	r := h.file[taskRole]
	r.Fields["managed_policy_arns"] = desired.Set{"arn:aws:iam::aws:policy/NoSuchPolicy"}
	_, err := h.kind.Create(t.Context(), h.id, r)
	if !reconcile.IsTerminal(err) {
		t.Errorf("Create: %v, want a terminal error", err)
	}
}
