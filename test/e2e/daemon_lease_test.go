package e2e

import (
	"testing"
	"time"

	"github.com/everruns/reconciler/internal/cli"
	"github.com/everruns/reconciler/internal/fakeaws"
)

// leaseArgs share one lease table with a short lease: renew deadline 2s,
// retry period 500ms.
var leaseArgs = []string{"--lease-table", "reconciler-lease", "--lease-duration", "3s"}

// Two daemons started together on one environment with drift make exactly
// the mutating calls one daemon makes: only the lease holder acts, the
// other observes. Without the lease both would see the drift and both
// would repair it.
func TestTwoDaemonsSharingALeaseNeverBothAct(t *testing.T) {
	one := repairCalls(t, 1)
	two := repairCalls(t, 2, leaseArgs...)
	if len(one) == 0 {
		t.Fatal("one daemon made no mutating call: the drift was not injected")
	}
	if !sameCalls(one, two) {
		t.Errorf("mutating calls of two daemons sharing a lease = %v, want those of one daemon %v", two, one)
	}
}

// repairCalls converges the network tier, injects drift, starts n daemons
// together and returns the mutating calls (DynamoDB's left out) they make
// until the drift is repaired and each has passed.
func repairCalls(t *testing.T, n int, args ...string) map[string]int {
	t.Helper()
	f := newFake(t)
	useFake(t, f)
	apply(t)
	driftTwoWays(t, f)
	f.srv.ResetCalls()
	var ds []*daemonProc
	for range n {
		ds = append(ds, launchDaemon(t, append([]string{"-f", envFile}, args...)...))
	}
	eventually(t, "the drift to be repaired", func() bool { return inSync(t) })
	eventually(t, "every daemon to pass, the acting one successfully", func() bool {
		acted := false
		for _, d := range ds {
			// Every result's series exists at 0 from the start: a pass is a
			// count of at least 1.
			m := d.metrics(t)
			passed := false
			for _, r := range []string{"success", "error", "drift"} {
				passed = passed || metricAtLeast(m, `reconciler_passes_total{result="`+r+`"}`, 1)
			}
			if !passed {
				return false
			}
			acted = acted || metricAtLeast(m, `reconciler_passes_total{result="success"}`, 1)
		}
		return acted
	})
	for _, d := range ds {
		if code := d.stop(); code != cli.ExitOK {
			t.Errorf("run exit %d after SIGTERM, want 0:\n%s", code, d.stderr.String())
		}
	}
	return awsMutations(f.srv.Calls())
}

// A holder that dies without releasing the lease (its DynamoDB writes are
// cut, then its process stops) is replaced: the other daemon takes the
// lease once the record has stayed unchanged for the lease duration, and
// repairs drift made after the death.
func TestAKilledHolderIsReplacedWithinTheLeaseDuration(t *testing.T) {
	f := newFake(t)
	useFake(t, f)
	apply(t)
	a := launchDaemon(t, append([]string{"-f", envFile}, leaseArgs...)...)
	eventually(t, "the first daemon to hold the lease", func() bool { return a.leader(t) })
	b := launchDaemon(t, append([]string{"-f", envFile}, leaseArgs...)...)
	eventually(t, "the second daemon to be ready", func() bool { return b.ready(t) })

	// The death: no write of the holder reaches DynamoDB any more (not
	// even its release), then it stops.
	f.srv.InjectFault(fakeaws.Fault{Service: "dynamodb", Operation: "UpdateItem", Kind: fakeaws.FaultDrop})
	killed := time.Now()
	a.stop()
	if b.leader(t) {
		t.Fatal("the second daemon held the lease before the holder's death could be known")
	}
	f.srv.ClearFaults()
	driftTwoWays(t, f)

	eventually(t, "the second daemon to take the lease over", func() bool { return b.leader(t) })
	t.Logf("lease handed over %s after the holder died (lease duration 3s)", time.Since(killed).Round(10*time.Millisecond))
	eventually(t, "the new holder to repair the drift", func() bool { return inSync(t) })
	if b.has(t, "reconciler_lease_transitions_total 0") {
		t.Error("the new holder counted no lease transition")
	}
}
