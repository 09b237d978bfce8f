package reconcile

import (
	"context"
	"sync"
	"time"

	"github.com/everruns/reconciler/pkg/desired"
)

// poller coalesces the readiness reads of one kind during one walk: every
// resource of the kind that waits shares the newest Observe, so twelve
// subnets becoming available cost one DescribeSubnets a poll, not twelve.
type poller struct {
	mu     sync.Mutex
	newest *read
}

// read is one Observe of a kind, in flight until done closes.
type read struct {
	started time.Time
	done    chan struct{}
	obs     map[desired.Address]Live
	err     error
}

// look returns a read that started at or after since: the newest one if
// it qualifies (joining it while in flight), else a new one. A waiter
// passes the start of the read it saw last (plus a nanosecond), so it
// never takes the same facts twice, but takes anyone else's newer read.
func (p *poller) look(ctx context.Context, since time.Time, now func() time.Time,
	observe func(context.Context) (map[desired.Address]Live, error)) (*read, error) {
	p.mu.Lock()
	r := p.newest
	if r == nil || r.started.Before(since) {
		r = &read{started: now(), done: make(chan struct{})}
		p.newest = r
		p.mu.Unlock()
		r.obs, r.err = observe(ctx)
		close(r.done)
		return r, nil
	}
	p.mu.Unlock()
	select {
	case <-r.done:
		return r, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// pollerFor returns the walk's poller of kind.
func (r *run) pollerFor(kind string) *poller {
	r.mu.Lock()
	defer r.mu.Unlock()
	p, ok := r.pollers[kind]
	if !ok {
		p = &poller{}
		r.pollers[kind] = p
	}
	return p
}
