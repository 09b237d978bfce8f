package reconcile

import (
	"context"
	"fmt"

	"github.com/everruns/reconciler/pkg/desired"
)

// waitReady polls the kind's Observe on the engine's clock until the
// resource at a is ready (a NAT gateway "available" before the route to
// it) or the readiness timeout passes. Transient observe errors are polled
// through; terminal ones end the wait.
func (e *Engine) waitReady(ctx context.Context, id desired.Identity, k Kind, a desired.Address, kind string) (Live, error) {
	start := e.clock.Now()
	deadline := start.Add(e.readyTimeout)
	status := ""
	e.emit(a, kind, PhaseWait, start, "")
	for {
		if err := e.clock.Sleep(ctx, e.poll); err != nil {
			return Live{}, err
		}
		m, err := k.Observe(ctx, id)
		if err != nil && e.classify(err) == ClassTerminal {
			return Live{}, fmt.Errorf("wait for %s: %w", a, err)
		}
		if l, ok := m[a]; err == nil && ok {
			if l.Ready {
				e.emit(a, kind, PhaseReady, start, l.Status)
				return l, nil
			}
			if l.Failure != "" {
				return l, Terminal(fmt.Errorf("wait for %s: %s", a, l.Failure))
			}
			status = l.Status
		}
		if !e.clock.Now().Before(deadline) {
			return Live{}, fmt.Errorf("wait for %s: not ready after %s (status %q)", a, e.readyTimeout, status)
		}
	}
}
