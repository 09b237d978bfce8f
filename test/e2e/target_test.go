package e2e

import (
	"strings"
	"testing"

	"github.com/everruns/reconciler/internal/cli"
)

// A --target that matches nothing is a mistake (a typo, a renamed
// service), not an environment in sync: diff and apply exit 1 and name
// the prefix, and apply changes nothing.
func TestTargetMatchingNothingExitsOne(t *testing.T) {
	f := newFake(t)
	useFake(t, f)
	for _, cmd := range []string{"diff", "apply"} {
		code, out, errOut := reconciler(t.Context(), cmd, "-f", envFile, "--target", "nosuch", "--poll-interval", poll)
		if code != cli.ExitError || !strings.Contains(errOut, `"nosuch"`) {
			t.Errorf("%s --target nosuch: exit %d, want 1 naming \"nosuch\"\nstdout:\n%s\nstderr:\n%s", cmd, code, out, errOut)
		}
	}
	if m := mutations(f.srv.Calls()); len(m) > 0 {
		t.Errorf("apply --target nosuch made mutating calls %v", m)
	}
}
