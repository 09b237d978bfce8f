package reconcile

import (
	"context"
	"fmt"
	"time"

	"github.com/everruns/reconciler/pkg/desired"
)

// waitReady observes the resource at a until it is ready (a NAT gateway
// "available" before the route to it), reports a Failure, or the
// readiness timeout passes. It looks at once (a VPC is often available on
// the first read), then more and more sparsely up to the poll interval
// (nextLook), sharing each read with the other waiters of its kind. Transient observe errors are polled through;
// terminal ones end the wait.
func (r *run) waitReady(ctx context.Context, a desired.Address, kind string) (Live, error) {
	e, k, p := r.e, r.e.kinds[kind], r.pollerFor(kind)
	start := e.clock.Now()
	deadline := start.Add(r.readyTimeout())
	since, status := start, ""
	e.emit(a, kind, PhaseWait, start, "")
	observe := func(ctx context.Context) (map[desired.Address]Live, error) { return k.Observe(ctx, r.id) }
	for {
		rd, err := p.look(ctx, since, e.clock.Now, observe)
		if err != nil {
			return Live{}, err
		}
		since = rd.started.Add(time.Nanosecond)
		if c := e.classify(rd.err); rd.err != nil && (c == ClassTerminal || c == ClassFatal) {
			return Live{}, fmt.Errorf("wait: %w", rd.err)
		}
		if l, ok := rd.obs[a]; rd.err == nil && ok {
			switch {
			case l.Ready:
				e.emit(a, kind, PhaseReady, start, l.Status)
				return l, nil
			case l.Failure != "":
				return l, Terminal(fmt.Errorf("%s", l.Failure))
			}
			status = l.Status
		}
		if !e.clock.Now().Before(deadline) {
			return Live{}, fmt.Errorf("not ready after %s (status %q)", r.readyTimeout(), status)
		}
		if err := e.clock.Sleep(ctx, r.nextLook(e.clock.Now().Sub(start))); err != nil {
			return Live{}, err
		}
	}
}

// nextLook is how long to wait before the next look after waiting for
// elapsed: a quarter of the time waited so far, between a fifth of the
// poll interval and the poll interval. A NAT gateway that takes 3 s is
// seen within about a second of being ready, and one that takes two
// minutes costs about forty reads, not one a second; so apply is bounded
// by AWS's transitions, not by the poll interval.
func (r *run) nextLook(elapsed time.Duration) time.Duration {
	return min(max(elapsed/4, r.e.poll/5), r.e.poll)
}

// readyTimeout is the apply's own budget, else the engine's.
func (r *run) readyTimeout() time.Duration {
	if r.opts.Wait > 0 {
		return r.opts.Wait
	}
	return r.e.readyTimeout
}
