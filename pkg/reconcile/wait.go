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
// the first read), then every poll interval, sharing each read with the
// other waiters of its kind. Transient observe errors are polled through;
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
		if rd.err != nil && e.classify(rd.err) == ClassTerminal {
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
		if err := e.clock.Sleep(ctx, e.poll); err != nil {
			return Live{}, err
		}
	}
}

// readyTimeout is the apply's own budget, else the engine's.
func (r *run) readyTimeout() time.Duration {
	if r.opts.Wait > 0 {
		return r.opts.Wait
	}
	return r.e.readyTimeout
}
