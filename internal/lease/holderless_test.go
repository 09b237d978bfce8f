package lease

import (
	"testing"
	"time"
)

// A takeover after the holder dies is not "holderless"; DynamoDB refusing
// every write, so that nobody holds the lease, is, on every replica, until
// a replica holds it again.
func TestHolderless(t *testing.T) {
	w := newWorld(t)
	apiA, apiB := &partitioned{API: w.client}, &partitioned{API: w.client}
	a := w.replica("a", apiA)
	w.run(w.after(time.Second), a.Held)
	b := w.replica("b", apiB)
	never := func() bool { return a.Holderless() || b.Holderless() }
	w.run(w.after(time.Minute), never)
	if never() {
		t.Fatal("holderless while a holds the lease")
	}

	w.kill(a)
	w.run(w.after(10*time.Minute), func() bool { return b.Held() || b.Holderless() })
	if !b.Held() {
		t.Fatal("b was holderless instead of taking over from the dead a")
	}

	a = w.replica("a2", apiA)
	apiA.cut.Store(true)
	apiB.cut.Store(true)
	w.run(w.after(10*time.Minute), func() bool { return a.Holderless() && b.Holderless() })
	if !a.Holderless() || !b.Holderless() || a.Held() || b.Held() {
		t.Fatalf("with DynamoDB refusing writes: holderless a %v, b %v", a.Holderless(), b.Holderless())
	}
	apiA.cut.Store(false)
	apiB.cut.Store(false)
	w.run(w.after(10*time.Minute), func() bool { return a.Held() || b.Held() })
	w.run(w.after(DefaultRetryPeriod*2), func() bool { return false }) // the other reads the new holder's heartbeat
	if a.Holderless() || b.Holderless() {
		t.Fatalf("still holderless once a replica holds the lease: a %v, b %v", a.Holderless(), b.Holderless())
	}
}
