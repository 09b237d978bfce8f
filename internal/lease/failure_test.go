package lease

import (
	"testing"
	"time"

	"github.com/everruns/reconciler/internal/fakeaws"
)

// TestFailingRenewalsStopTheHolderBeforeExpiry cuts the holder off from
// DynamoDB: it must stop holding at the renew deadline, before the other
// replica may take over at the lease duration.
func TestFailingRenewalsStopTheHolderBeforeExpiry(t *testing.T) {
	w := newWorld(t)
	api := &partitioned{API: w.client}
	a := w.replica("a", api)
	w.run(w.after(time.Second), a.Held)
	b := w.replica("b", nil)
	w.run(w.after(time.Minute), func() bool { return false })
	lastRenewal := a.held.Load().renewed
	api.cut.Store(true)

	w.run(w.after(10*time.Minute), func() bool { return !a.Held() })
	stopped := w.clock.Now()
	if got := stopped.Sub(lastRenewal); got > DefaultRenewDeadline {
		t.Errorf("a held the lease %s after its last renewal, past the renew deadline", got)
	}
	if b.Held() {
		t.Fatal("b holds the lease before a stopped")
	}
	w.run(w.after(10*time.Minute), b.Held)
	if !b.Held() {
		t.Fatal("b never took over")
	}
	if gap := w.clock.Now().Sub(stopped); gap < DefaultLeaseDuration-DefaultRenewDeadline {
		t.Errorf("b took over %s after a stopped, want at least the margin %s", gap, DefaultLeaseDuration-DefaultRenewDeadline)
	}
	if !fired(a.Lost()) {
		t.Error("a did not signal Lost")
	}
}

// TestRenewalsWhoseAnswersAreLostKeepTheLease: writes that land while their
// answers are lost change the rvn; the holder must accept its own rvns and
// keep the lease once answers come back before the renew deadline.
func TestRenewalsWhoseAnswersAreLostKeepTheLease(t *testing.T) {
	w := newWorld(t)
	api := &partitioned{API: w.client}
	a := w.replica("a", api)
	w.run(w.after(time.Second), a.Held)
	api.lostReplies.Store(true)
	// Answers are lost for all but the last renewal before the deadline.
	w.run(w.after(DefaultRenewDeadline-DefaultRetryPeriod-time.Second), func() bool { return false })
	api.lostReplies.Store(false)
	w.run(w.after(2*DefaultRetryPeriod), func() bool { return false })
	if !a.Held() || fired(a.Lost()) {
		t.Error("a lost the lease although its renewals were landing")
	}
}

// TestLosingAndRegainingOwnRecordBumpsTheToken: a holder that stopped
// trusting its renewals but whose record nobody took takes it back at once,
// as a new acquisition.
func TestLosingAndRegainingOwnRecordBumpsTheToken(t *testing.T) {
	w := newWorld(t)
	api := &partitioned{API: w.client}
	a := w.replica("a", api)
	w.run(w.after(time.Second), a.Held)
	first := a.Token()
	api.cut.Store(true)
	w.run(w.after(time.Minute), func() bool { return !a.Held() })
	api.cut.Store(false)
	w.run(w.after(time.Minute), a.Held)
	if a.Token() <= first {
		t.Errorf("token after regaining = %d, want > %d", a.Token(), first)
	}
}

// TestThrottlingNeverMakesTwoHolders runs three replicas for an hour of
// simulated time while DynamoDB throttles half of all calls; world checks
// after every step that at most one holds. Leadership must still move, and
// each new holder's fencing token must exceed the last.
func TestThrottlingNeverMakesTwoHolders(t *testing.T) {
	w := newWorld(t)
	replicas := []*Lease{w.replica("a", nil), w.replica("b", nil), w.replica("c", nil)}
	w.fake.InjectFault(fakeaws.Fault{Service: "dynamodb", Kind: fakeaws.FaultThrottle, Probability: 0.5})
	var lastToken int64
	gains := 0
	w.run(w.after(time.Hour), func() bool {
		for _, l := range replicas {
			if fired(l.Gained()) {
				gains++
				if l.Token() <= lastToken {
					t.Errorf("new holder's token %d, want > %d", l.Token(), lastToken)
				}
				lastToken = l.Token()
			}
		}
		return false
	})
	t.Logf("%d acquisitions, last token %d", gains, lastToken)
	if gains < 2 {
		t.Errorf("the lease was gained %d times in an hour of 50%% throttling; the test did not exercise takeover", gains)
	}
}
