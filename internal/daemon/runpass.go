package daemon

import (
	"context"
	"sync/atomic"
	"time"

	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/pass"
)

// runPass runs one pass whose context outlives ctx by the grace period,
// and records it. A pass cancelled at the grace limit returns
// ErrGraceExceeded.
func (d *Daemon) runPass(ctx context.Context, reason string) error {
	mode := pass.Observe
	if d.held() {
		mode = pass.Act
	}
	passCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	var graceExceeded atomic.Bool
	stop := context.AfterFunc(ctx, func() {
		t := time.NewTimer(d.cfg.Grace)
		defer t.Stop()
		select {
		case <-t.C:
			graceExceeded.Store(true)
			cancel()
		case <-passCtx.Done():
		}
	})
	defer stop()
	if mode == pass.Act && d.cfg.Lease != nil {
		go d.cancelOnLeaseLoss(passCtx, cancel)
	}

	d.cfg.Logger.Info("pass starting", zap.String("reason", reason), zap.Stringer("mode", mode))
	start := d.cfg.Now()
	stopWatch := d.watchForStuck(start, reason)
	out, err := d.cfg.Pass(passCtx, mode)
	stopWatch()
	end := d.cfg.Now()
	d.record(out, err, start, end)
	d.observe(ctx, out, err, start, end) // statuses and notifications (Config.Observer)
	if graceExceeded.Load() {
		return ErrGraceExceeded
	}
	return err
}

// cancelOnLeaseLoss stops an apply as soon as the lease is lost: another
// replica may act from then on.
func (d *Daemon) cancelOnLeaseLoss(ctx context.Context, cancel context.CancelFunc) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-d.cfg.Lease.Changed():
			if !d.cfg.Lease.Held() {
				d.cfg.Logger.Warn("lease lost; cancelling the apply in progress")
				cancel()
				return
			}
		}
	}
}

// watchForStuck marks a pass as running (for /readyz) and, once it has run
// for StuckAfter, reports it: nothing else would, since a pass that never
// ends never records a result. The returned func ends the watch.
func (d *Daemon) watchForStuck(start time.Time, reason string) func() {
	d.mu.Lock()
	d.state.runningSince = start
	d.mu.Unlock()
	t := time.AfterFunc(d.cfg.StuckAfter, func() {
		d.cfg.Logger.Error("a pass is stuck: it has run longer than it should; /readyz fails until it ends",
			zap.String("reason", reason), zap.Time("started", start), zap.Duration("stuck_after", d.cfg.StuckAfter))
		if d.stuck != nil {
			d.stuck.Set(1)
		}
	})
	return func() {
		t.Stop()
		if d.stuck != nil {
			d.stuck.Set(0)
		}
		d.mu.Lock()
		d.state.runningSince = time.Time{}
		d.mu.Unlock()
	}
}
