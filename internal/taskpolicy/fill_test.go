package taskpolicy

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/iampolicy"
)

func load(t *testing.T, path string) *desired.Environment {
	t.Helper()
	env, diags := desired.Load(path)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	return env
}

// The reconciler's role gets the policy `reconciler iam-policy` prints
// for the same file: the lease's actions on its table, the secrets'
// values by ARN (the git token and the webhook secret among them),
// iam:PassRole for the environment's roles to ECS tasks, and no delete.
func TestResourcesFillTheReconcilersPolicy(t *testing.T) {
	env := load(t, "../../deploy/examples/self-hosted.yaml")
	resources, err := Resources(env)
	if err != nil {
		t.Fatal(err)
	}
	var inline map[string]any
	for _, r := range resources {
		if r.Address == desired.AddrReconcilerRole {
			inline = r.Fields[names.Role.InlinePolicies].(map[string]any)
		}
	}
	got, ok := inline["everruns"].(desired.JSON)
	if !ok {
		t.Fatalf("inline policy is %T, want desired.JSON", inline["everruns"])
	}
	want, err := For(env, env.Resources(), Options{LeaseTable: "everruns-ops-reconciler-lease"})
	if err != nil {
		t.Fatal(err)
	}
	var doc iampolicy.Document
	if err := json.Unmarshal([]byte(got), &doc); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want.Actions(), doc.Actions()); d != "" {
		t.Errorf("actions (-iam-policy +role):\n%s", d)
	}
	for _, s := range []string{
		`"arn:aws:dynamodb:us-east-1:*:table/everruns-ops-reconciler-lease"`,
		`"arn:aws:secretsmanager:us-east-1:*:secret:everruns/ops/github-??????"`,
		`"arn:aws:secretsmanager:us-east-1:*:secret:everruns/ops/webhook-??????"`,
		`"iam:PassedToService":["ecs-tasks.amazonaws.com"]`,
		`"arn:aws:iam::*:role/everruns/everruns/ops/*"`,
	} {
		if !strings.Contains(string(got), s) {
			t.Errorf("the role's policy lacks %s:\n%s", s, got)
		}
	}
	for _, a := range []string{"dynamodb:UpdateItem", "secretsmanager:GetSecretValue", "iam:PassRole", "iam:PutRolePolicy", "ecs:UpdateService"} {
		if !doc.Allows(a) {
			t.Errorf("the role's policy does not allow %s", a)
		}
	}
	// The daemon deletes only the empty twins it heals (ec2:DeleteVpc and
	// its kin); never a role, a service, a NAT gateway or a database.
	for _, a := range []string{"iam:DeleteRole", "ecs:DeleteService", "ec2:DeleteNatGateway", "rds:DeleteDBInstance"} {
		if doc.Allows(a) {
			t.Errorf("the daemon never deletes that, yet its policy allows %s", a)
		}
	}
}

// No marker reaches the engine, and a file without a reconciler: section
// expands exactly as before.
func TestResourcesLeaveNoMarker(t *testing.T) {
	for _, file := range []string{"../../deploy/examples/self-hosted.yaml", "../../deploy/environment.yaml"} {
		env := load(t, file)
		resources, err := Resources(env)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range resources {
			if inline, ok := r.Fields[names.Role.InlinePolicies].(map[string]any); ok && r.Kind == names.KindRole {
				for name, v := range inline {
					if _, isJSON := v.(desired.JSON); !isJSON {
						t.Errorf("%s: %s: inline policy %s is %T", file, r.Address, name, v)
					}
				}
			}
		}
		if env.Reconciler == nil {
			// DependsOn's order follows map iteration in the expansion.
			byAddress := cmpopts.SortSlices(func(a, b desired.Address) bool { return a < b })
			if d := cmp.Diff(env.Resources(), resources, byAddress); d != "" {
				t.Errorf("%s: Resources differs from the expansion (-want +got):\n%s", file, d)
			}
		}
	}
}
