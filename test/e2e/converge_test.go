package e2e

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/everruns/reconciler/internal/cli"
)

// From an empty account, apply --target network converges; the diff that
// follows exits 0 with "changes": [], and a second apply changes nothing.
func TestApplyFromEmptyConverges(t *testing.T) {
	f := newFake(t)
	useFake(t, f)

	apply(t)
	if m := mutations(f.srv.Calls()); !slices.Contains(m, "ec2:CreateVpc") || !slices.Contains(m, "ec2:CreateNatGateway") {
		t.Errorf("apply from empty: mutating calls %v lack CreateVpc and CreateNatGateway (the read-only predicate is wrong)", m)
	}

	code, out, errOut := reconciler(t.Context(), "diff", "-f", envFile, "--target", target, "-o", "json")
	if code != cli.ExitOK {
		t.Fatalf("diff after apply: exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatalf("diff -o json is not JSON: %v\n%s", err, out)
	}
	if got := string(raw["changes"]); got != "[]" {
		t.Errorf(`diff after apply: "changes": %s, want []`, got)
	}

	f.srv.ResetCalls()
	apply(t)
	if m := mutations(f.srv.Calls()); len(m) > 0 {
		t.Errorf("apply of a converged environment made mutating calls %v", m)
	}
}
