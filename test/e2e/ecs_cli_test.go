package e2e

import (
	"strings"
	"testing"

	"github.com/everruns/reconciler/internal/cli"
)

// A failed rollout through the command line: apply exits 1 saying why,
// diff -o json carries the same facts, and the next apply neither
// registers nor rolls the failing definition again.
func TestECSFailedRolloutThroughTheCommandLine(t *testing.T) {
	w := newECSWorld(t)
	useFake(t, w.f)
	run := func(args ...string) (int, string, string) {
		return reconciler(t.Context(), append(args, "--target", "service", "--target", "task", "--poll-interval", poll)...)
	}
	if code, out, errOut := run("apply", "-f", ecsPath(t, "v1", "1")); code != cli.ExitOK {
		t.Fatalf("first apply: exit %d\n%s\n%s", code, out, errOut)
	}
	w.fakeECS.FailImage("example/api:v2")
	failing := ecsPath(t, "v2", "1")
	code, out, errOut := run("apply", "-f", failing)
	if code != cli.ExitError {
		t.Fatalf("apply of a crashing image: exit %d, want 1\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"everruns-api", "example/api:v2", "exit code 1", "stream api/api/"} {
		if !strings.Contains(out+errOut, want) {
			t.Errorf("apply output does not name %q:\n%s\n%s", want, out, errOut)
		}
	}
	code, out, _ = run("diff", "-f", failing, "-o", "json")
	if code != cli.ExitChanges || !strings.Contains(out, "exit code 1") || !strings.Contains(out, "example/api:v2") {
		t.Errorf("diff -o json: exit %d, the reason missing:\n%s", code, out)
	}
	w.f.srv.ResetCalls()
	if code, _, _ := run("apply", "-f", failing); code != cli.ExitError {
		t.Errorf("second apply: exit %d, want 1 (the failure reported)", code)
	}
	if calls := w.f.srv.Calls(); calls["ecs:RegisterTaskDefinition"]+calls["ecs:UpdateService"] != 0 {
		t.Errorf("second apply tried again: %v", calls)
	}
}
