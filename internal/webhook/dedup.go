package webhook

import "sync"

// recentIDs remembers the last n delivery IDs that triggered a pass, in a
// ring, so a push GitHub sends twice (a retry, a manual redelivery of one
// that was acted on) triggers one pass. The
// ring bounds memory whatever the rate of deliveries; an ID older than n
// deliveries is forgotten, which at worst costs one extra, harmless pass.
type recentIDs struct {
	mu   sync.Mutex
	ring []string
	next int
	set  map[string]struct{}
}

func newRecentIDs(n int) *recentIDs {
	return &recentIDs{ring: make([]string, n), set: make(map[string]struct{}, n)}
}

// firstTime records id and reports whether it was not seen before; the
// check and the record are one step, so two concurrent copies of a delivery
// cannot both be first.
func (r *recentIDs) firstTime(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, seen := r.set[id]; seen {
		return false
	}
	if old := r.ring[r.next]; old != "" {
		delete(r.set, old)
	}
	r.ring[r.next] = id
	r.set[id] = struct{}{}
	r.next = (r.next + 1) % len(r.ring)
	return true
}
