package taskpolicy

import (
	"slices"
	"testing"
)

// The engine observes every kind it has an adapter for, to find orphans
// of kinds the file no longer has, so the policy of a file without a
// database or discovery services still allows their reads, and only
// their reads.
func TestPolicyAllowsTheReadsOfEveryKind(t *testing.T) {
	env := load(t, "../../deploy/examples/self-hosted.yaml")
	doc, err := For(env, env.Resources(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	actions := doc.Actions()
	for _, a := range []string{"rds:DescribeDBInstances", "rds:DescribeDBSubnetGroups", "rds:DescribeDBParameterGroups", "servicediscovery:ListServices"} {
		if !slices.Contains(actions, a) {
			t.Errorf("the policy of a file without its kind lacks the read %s", a)
		}
	}
	for _, a := range []string{"rds:CreateDBInstance", "rds:ModifyDBInstance", "servicediscovery:CreateService"} {
		if slices.Contains(actions, a) {
			t.Errorf("the policy of a file without its kind allows %s", a)
		}
	}
}
