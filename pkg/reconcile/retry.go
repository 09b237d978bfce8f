package reconcile

import (
	"context"
	"fmt"

	"github.com/everruns/reconciler/pkg/desired"
)

// withRetry calls fn until it succeeds, fails terminally, or the policy's
// attempts are spent, backing off exponentially on the engine's clock. fn
// receives the attempt number so that a create can observe before trying
// again.
func (e *Engine) withRetry(ctx context.Context, addr desired.Address, kind string, fn func(attempt int) error) error {
	start := e.clock.Now()
	delay := e.retry.Initial
	for attempt := 0; ; attempt++ {
		err := fn(attempt)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if e.classify(err) == ClassTerminal || attempt+1 >= e.retry.Attempts {
			return err
		}
		e.emit(addr, kind, PhaseRetry, start, fmt.Sprintf("attempt %d failed, retrying in %s: %v", attempt+1, delay, err))
		if err := e.clock.Sleep(ctx, delay); err != nil {
			return err
		}
		delay = min(2*delay, max(e.retry.Max, e.retry.Initial))
	}
}
