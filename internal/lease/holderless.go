package lease

import "time"

// seenHolder records that a holder was alive at t: this replica renewing,
// or another whose heartbeat (a new rvn) this replica read.
func (l *Lease) seenHolder(t time.Time) {
	for {
		old := l.holderSeen.Load()
		if t.UnixNano() <= old || l.holderSeen.CompareAndSwap(old, t.UnixNano()) {
			return
		}
	}
}

// Holderless says whether, as far as this replica can tell, no replica has
// held the lease for over two lease durations: it does not hold it, and
// has read no other holder's heartbeat (the record left unrenewed and
// not taken over, or DynamoDB unwritable or unreadable). Nothing repairs
// the environment then. A takeover after a holder dies happens within
// one lease duration, so it never counts.
func (l *Lease) Holderless() bool {
	if l.Held() {
		return false
	}
	seen := time.Unix(0, l.holderSeen.Load())
	return l.cfg.clock.Now().Sub(seen) > 2*l.cfg.leaseDuration
}
