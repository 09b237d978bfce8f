package daemon

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/everruns/reconciler/pkg/reconcile"
)

// Run passes until ctx is cancelled, then lets the pass in progress finish
// within the grace period. It returns nil on a clean shutdown, and
// ErrGraceExceeded when the pass had to be cancelled.
func (d *Daemon) Run(ctx context.Context) error {
	var changes, leaseChanged <-chan struct{}
	if d.cfg.Source != nil {
		changes = d.cfg.Source.Watch(ctx)
	}
	if d.cfg.Lease != nil {
		leaseChanged = d.cfg.Lease.Changed()
	}
	failures, reason := 0, "start"
	for {
		wait := d.cfg.Interval
		err := d.runPass(ctx, reason)
		switch {
		case errors.Is(err, ErrGraceExceeded):
			d.cfg.Logger.Error("shutting down: " + ErrGraceExceeded.Error())
			return err
		case reason == "start" && errors.Is(err, reconcile.ErrTargetMatchesNothing):
			// A mistyped --target: retrying would only keep the replica
			// unready for ever, acting on nothing.
			return fmt.Errorf("refusing to run: %w", err)
		case err != nil:
			failures++
			wait = backoff(d.cfg.MinBackoff, d.cfg.MaxBackoff, failures)
			// The failure itself is the pass's line (logPass), at error.
			d.cfg.Logger.Info("next pass after a failure", zap.Duration("retry_in", wait), zap.Int("failures", failures))
		default:
			failures = 0
		}
		if reason = d.wait(ctx, wait, changes, leaseChanged); reason == "" {
			d.cfg.Logger.Info("shutting down")
			return nil
		}
		d.coalesce(changes)
	}
}

// coalesce takes back the requests still pending when a pass is about to
// start: a trigger or a source change that came before this pass reads
// the source is answered by it. A push during a pass is both a webhook
// trigger and a change of the git head, and each used to make a pass of
// its own after it, the second with nothing to do.
func (d *Daemon) coalesce(changes <-chan struct{}) {
	select {
	case <-changes:
	default:
	}
	select {
	case <-d.trigger:
	default:
	}
}

// wait returns why the next pass starts, or "" once ctx ends.
func (d *Daemon) wait(ctx context.Context, wait time.Duration, changes, leaseChanged <-chan struct{}) string {
	if ctx.Err() != nil {
		return ""
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return ""
		case <-timer.C:
			return "resync"
		case <-changes:
			return "source changed"
		case reason := <-d.trigger:
			return reason
		case <-leaseChanged:
			if d.held() {
				return "lease gained"
			}
		}
	}
}

func backoff(min, max time.Duration, failures int) time.Duration {
	d := min
	for i := 1; i < failures && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	return d
}
