package pass

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/everruns/reconciler/internal/source"
)

// A suspended file makes an apply pass observe only: no mutating call,
// and the outcome says why.
func TestSuspendedFileObservesOnly(t *testing.T) {
	data := append(seed(t), []byte("reconciler: {suspend: true}\n")...)
	src := &memSource{snap: source.Snapshot{Name: "environment.yaml", Data: data, Revision: "r1"}}
	var creates atomic.Int32
	out, err := newRunner(src, &creates, "network.vpc").Run(t.Context(), Act)
	if err != nil {
		t.Fatal(err)
	}
	if creates.Load() != 0 || out.Mode != Observe || out.Restraint.Reason() != "suspended" {
		t.Errorf("creates %d, mode %s, restraint %+v; want no create, observe, suspended", creates.Load(), out.Mode, out.Restraint)
	}
	if out.Report.InSync() {
		t.Error("the missing VPC is not reported")
	}
}

// Inside a freeze window an apply pass observes only, unless the commit
// carries the override token; outside it acts. The clock is the test's.
func TestFreezeWindowAndOverride(t *testing.T) {
	data := append(seed(t), []byte(`reconciler:
  freeze_windows:
    - {start: "0 18 * * FRI", duration: 62h, time_zone: Europe/Paris}
  override_token: "[freeze-override]"
`)...)
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	saturday := time.Date(2026, 12, 5, 12, 0, 0, 0, paris)
	tuesday := time.Date(2026, 12, 8, 12, 0, 0, 0, paris)
	cases := []struct {
		name    string
		now     time.Time
		message string
		acts    bool
		reason  string
	}{
		{"inside the window", saturday, "bump api", false, "frozen"},
		{"inside, with the override token", saturday, "hotfix [freeze-override]", true, ""},
		{"outside the window", tuesday, "bump api", true, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := &memSource{snap: source.Snapshot{Name: "environment.yaml", Data: data, Revision: "r1", Message: c.message}}
			var creates atomic.Int32
			r := newRunner(src, &creates, "network.vpc")
			r.Now = func() time.Time { return c.now }
			out, _ := r.Run(t.Context(), Act) // the test's adapter refuses creates
			if acted := creates.Load() > 0; acted != c.acts || (out.Mode == Act) != c.acts {
				t.Errorf("creates %d, mode %s; want acting %v", creates.Load(), out.Mode, c.acts)
			}
			if out.Restraint.Reason() != c.reason {
				t.Errorf("reason %q, want %q (%+v)", out.Restraint.Reason(), c.reason, out.Restraint)
			}
		})
	}
}
