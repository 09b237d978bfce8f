package lease

import (
	"testing"
	"time"
)

func TestExactlyOneReplicaHolds(t *testing.T) {
	w := newWorld(t)
	a, b := w.replica("a", nil), w.replica("b", nil)
	w.run(w.after(2*time.Minute), func() bool { return false })
	holders := w.holders()
	if len(holders) != 1 {
		t.Fatalf("%d holders after two minutes, want 1", len(holders))
	}
	first := holders[0]
	if fired(first.Lost()) || !fired(first.Gained()) {
		t.Error("the holder should have gained the lease once and never lost it")
	}
	other := map[*Lease]*Lease{a: b, b: a}[first]
	if fired(other.Gained()) {
		t.Error("the other replica gained the lease")
	}
}

func TestTakeoverAfterTheHolderDies(t *testing.T) {
	w := newWorld(t)
	a := w.replica("a", nil)
	w.run(w.after(time.Second), a.Held)
	b := w.replica("b", nil)
	w.run(w.after(time.Minute), func() bool { return false })
	lastRenewal := a.held.Load().renewed
	w.kill(a)

	w.run(w.after(10*time.Minute), b.Held)
	took := w.clock.Now()
	if !b.Held() {
		t.Fatal("b never took over")
	}
	if took.Before(lastRenewal.Add(DefaultLeaseDuration)) {
		t.Errorf("b took over %s after a's last renewal, before a lease duration", took.Sub(lastRenewal))
	}
	if limit := DefaultLeaseDuration + DefaultRetryPeriod; took.Sub(lastRenewal) > limit {
		t.Errorf("b took over %s after a's last renewal, want at most %s", took.Sub(lastRenewal), limit)
	}
	if a.Held() {
		t.Error("the dead replica still says it holds the lease")
	}
}

func TestCleanReleaseHandsOverAtOnce(t *testing.T) {
	w := newWorld(t)
	a := w.replica("a", nil)
	w.run(w.after(time.Second), a.Held)
	b := w.replica("b", nil)
	w.run(w.after(time.Minute), func() bool { return false })
	w.kill(a)
	a.shutdown()
	if a.Held() || !fired(a.Lost()) {
		t.Error("a released the lease but still holds it, or did not signal Lost")
	}
	start := w.clock.Now()
	w.run(w.after(time.Minute), b.Held)
	if waited := w.clock.Now().Sub(start); waited > DefaultRetryPeriod {
		t.Errorf("b took over %s after the release, want within one retry period", waited)
	}
}

func TestFencingTokenIncreasesAcrossHolders(t *testing.T) {
	w := newWorld(t)
	a := w.replica("a", nil)
	w.run(w.after(time.Second), a.Held)
	b := w.replica("b", nil)
	tokens := []int64{a.Token()}
	w.kill(a) // dies holding: b waits out the lease
	w.run(w.after(10*time.Minute), b.Held)
	tokens = append(tokens, b.Token())
	w.kill(b)
	b.shutdown() // releases: a new replica takes it at once
	c := w.replica("c", nil)
	w.run(w.after(time.Minute), c.Held)
	tokens = append(tokens, c.Token())
	for i := 1; i < len(tokens); i++ {
		if tokens[i] <= tokens[i-1] {
			t.Errorf("fencing tokens %v do not increase", tokens)
		}
	}
	if tokens[0] < 1 {
		t.Errorf("first token %d, want ≥ 1", tokens[0])
	}
	if b.Token() != 0 {
		t.Errorf("Token of a replica that released = %d, want 0", b.Token())
	}
}

func TestNudgeReachesTheHolder(t *testing.T) {
	w := newWorld(t)
	a := w.replica("a", nil)
	w.run(w.after(time.Second), a.Held)
	b := w.replica("b", nil)
	w.run(w.after(time.Minute), func() bool { return false })
	if fired(a.Nudged()) {
		t.Fatal("Nudged fired before anyone nudged")
	}
	before, _, _ := a.read(t.Context())
	if err := b.Nudge(t.Context()); err != nil {
		t.Fatal(err)
	}
	after, _, _ := a.read(t.Context())
	if before.rvn != after.rvn {
		t.Error("a nudge changed the rvn: it would make a dead holder look alive")
	}
	start := w.clock.Now()
	w.run(w.after(time.Minute), func() bool { return len(a.nudged) > 0 })
	if !fired(a.Nudged()) {
		t.Fatal("the holder was never nudged")
	}
	if waited := w.clock.Now().Sub(start); waited > DefaultRetryPeriod {
		t.Errorf("nudge noticed after %s, want within one retry period", waited)
	}
	if fired(b.Nudged()) {
		t.Error("the replica that does not hold the lease was signalled")
	}
}

func TestNudgeWithoutARecordIsNoError(t *testing.T) {
	w := newWorld(t)
	a := w.replica("a", nil)
	if err := a.Nudge(t.Context()); err != nil {
		t.Errorf("Nudge before any holder: %v", err)
	}
	if _, found, _ := a.read(t.Context()); found {
		t.Error("Nudge created the record")
	}
}
