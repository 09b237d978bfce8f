package adapters

import (
	"testing"

	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
	"github.com/everruns/reconciler/pkg/iampolicy"
)

// TestEveryKindDeclaresItsOperations fails when a kind has an adapter and
// no operations (iam-policy would grant it nothing), when operations are
// declared for a kind with no adapter, and when an operation needs an
// action whose scope pkg/iampolicy does not know.
func TestEveryKindDeclaresItsOperations(t *testing.T) {
	_, cfg := fakeawstest.Start(t)
	reg, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ops := reg.Operations()
	for kind := range reg.Kinds() {
		if len(ops[kind].Observe) == 0 || len(ops[kind].Change) == 0 {
			t.Errorf("kind %s has an adapter but declares no Observe or Change operations (kit.Operations)", kind)
		}
	}
	var kinds []string
	for kind := range ops {
		kinds = append(kinds, kind)
		if _, ok := reg.Kinds()[kind]; !ok {
			t.Errorf("operations declared for %s, which has no adapter", kind)
		}
	}
	actions, err := iampolicy.RequiresAll(OperationsFor(reg, kinds, true))
	if err != nil {
		t.Fatal(err)
	}
	in := iampolicy.Input{Region: "us-east-1", Account: "*", Project: "p", Environment: "e", Actions: actions, LeaseTable: "t"}
	if _, err := iampolicy.Generate(in); err != nil {
		t.Error(err)
	}
}
