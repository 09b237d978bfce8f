package daemon

import (
	"context"
	"testing"

	"github.com/everruns/reconciler/internal/pass"
)

// A replica without the lease observes only; gaining it brings a pass at
// once (the interval is an hour) that acts; losing it cancels that apply.
func TestLeaseDecidesTheModeAndAGainPassesAtOnce(t *testing.T) {
	lease := newFakeLease(false)
	modes := make(chan pass.Mode, 10)
	cancelled := make(chan bool, 10)
	d := newDaemon(t, Config{Lease: lease, Pass: func(ctx context.Context, mode pass.Mode) (pass.Outcome, error) {
		modes <- mode
		if mode == pass.Act {
			<-ctx.Done() // an apply that runs until something stops it
			cancelled <- true
		}
		return observed("r"), ctx.Err()
	}})
	start(t, d)
	if m := waitFor(t, modes, "the pass at start"); m != pass.Observe {
		t.Errorf("pass without the lease = %v, want observe", m)
	}
	lease.set(true)
	if m := waitFor(t, modes, "the pass after the lease was gained"); m != pass.Act {
		t.Errorf("pass with the lease = %v, want apply", m)
	}
	lease.set(false)
	waitFor(t, cancelled, "the apply to be cancelled when the lease was lost")
}
