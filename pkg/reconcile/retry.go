package reconcile

import (
	"context"
	"fmt"

	"github.com/everruns/reconciler/pkg/desired"
)

// withRetry calls fn until it succeeds, fails terminally, or gives up.
// Transient errors are retried with exponential backoff on the engine's
// clock, within the policy's attempts. Not-ready errors (the resource, or
// one it needs, is in a passing state such as "deleting") are polled at the
// poll interval within the readiness timeout instead, and do not spend
// attempts: a NAT gateway takes minutes to let go of its Elastic IP. fn
// receives the call number so that a create can observe before trying
// again.
func (e *Engine) withRetry(ctx context.Context, addr desired.Address, kind string, fn func(attempt int) error) error {
	start := e.clock.Now()
	delay := e.retry.Initial
	failures := 0
	for call := 0; ; call++ {
		err := fn(call)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		wait := e.poll
		switch e.classify(err) {
		case ClassTerminal, ClassFatal:
			return err
		case ClassNotReady:
			if waited := e.clock.Now().Sub(start); waited >= e.readyTimeout {
				return fmt.Errorf("not ready after %s: %w", e.readyTimeout, err)
			}
			e.emit(addr, kind, PhaseWait, start, err.Error())
		default:
			if failures++; failures >= e.retry.Attempts {
				return err
			}
			wait = delay
			delay = min(2*delay, max(e.retry.Max, e.retry.Initial))
			e.emit(addr, kind, PhaseRetry, start, fmt.Sprintf("attempt %d failed, retrying in %s: %v", failures, wait, err))
		}
		if err := e.clock.Sleep(ctx, wait); err != nil {
			return err
		}
	}
}
