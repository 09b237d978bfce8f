// Package daemon runs reconcile passes forever: level-triggered, one pass at
// a time, at start, on a timer and whenever the source file changes, with
// backoff after a failed pass; and it serves /metrics, /healthz, /readyz and
// /drift on one HTTP port.
package daemon

import (
	"context"
	"errors"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/metrics"
	"github.com/everruns/reconciler/pkg/drift"
)

// Outcome is what one pass reports to the daemon.
type Outcome struct {
	Report drift.Report
	// Observed is true when every kind was observed, so /readyz can say the
	// daemon knows the environment.
	Observed bool
	// Managed and Drifted count resources by kind for the gauges.
	Managed map[string]int
	Drifted map[string]int
}

// PassFunc runs one pass. It must return promptly once ctx is cancelled.
type PassFunc func(ctx context.Context) (Outcome, error)

// Config is what the daemon needs; Interval, Pass and Logger are required.
type Config struct {
	Interval time.Duration
	Pass     PassFunc
	Logger   *zap.Logger
	Metrics  *metrics.Metrics
	// Changes delivers a value whenever the source changed (see WatchFile).
	Changes <-chan struct{}
	// MinBackoff and MaxBackoff bound the wait before retrying a failed pass
	// (defaults 5s and Interval).
	MinBackoff, MaxBackoff time.Duration
	// Grace is how long a pass in progress may run on after shutdown begins
	// before it is cancelled (default 30s).
	Grace time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Daemon is the loop and its state.
type Daemon struct {
	cfg Config

	mu      sync.RWMutex
	last    *Outcome
	lastErr error
	ready   bool
}

// New checks cfg and fills its defaults.
func New(cfg Config) (*Daemon, error) {
	if cfg.Pass == nil || cfg.Logger == nil || cfg.Interval <= 0 {
		return nil, errors.New("daemon: Pass, Logger and a positive Interval are required")
	}
	if cfg.MinBackoff <= 0 {
		cfg.MinBackoff = 5 * time.Second
	}
	if cfg.MaxBackoff <= 0 || cfg.MaxBackoff > cfg.Interval {
		cfg.MaxBackoff = cfg.Interval
	}
	if cfg.MinBackoff > cfg.MaxBackoff {
		cfg.MinBackoff = cfg.MaxBackoff
	}
	if cfg.Grace <= 0 {
		cfg.Grace = 30 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Daemon{cfg: cfg}, nil
}

// Run passes until ctx is cancelled, then lets the pass in progress finish
// within the grace period and returns nil: a SIGTERM is a clean shutdown.
func (d *Daemon) Run(ctx context.Context) error {
	failures := 0
	for {
		wait := d.cfg.Interval
		if err := d.runPass(ctx); err != nil {
			failures++
			wait = backoff(d.cfg.MinBackoff, d.cfg.MaxBackoff, failures)
			d.cfg.Logger.Warn("pass failed; retrying", zap.Error(err), zap.Duration("retry_in", wait), zap.Int("failures", failures))
		} else {
			failures = 0
		}
		if ctx.Err() != nil {
			d.cfg.Logger.Info("shutting down")
			return nil
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			d.cfg.Logger.Info("shutting down")
			return nil
		case <-timer.C:
		case <-d.cfg.Changes:
			timer.Stop()
			d.cfg.Logger.Info("source changed; starting a pass")
		}
	}
}

// runPass runs one pass whose context outlives ctx by the grace period.
func (d *Daemon) runPass(ctx context.Context) error {
	passCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	stop := context.AfterFunc(ctx, func() {
		t := time.NewTimer(d.cfg.Grace)
		defer t.Stop()
		select {
		case <-t.C:
			cancel()
		case <-passCtx.Done():
		}
	})
	defer stop()

	start := d.cfg.Now()
	out, err := d.cfg.Pass(passCtx)
	end := d.cfg.Now()
	d.record(out, err, end.Sub(start), end)
	return err
}

func (d *Daemon) record(out Outcome, err error, took time.Duration, end time.Time) {
	result := "success"
	switch {
	case err != nil:
		result = "error"
	case !out.Report.InSync():
		result = "drift"
	}
	// Metrics first, state second: once /readyz says ready, the metrics
	// of the pass that made it so are already there.
	if m := d.cfg.Metrics; m != nil {
		m.ObservePass(result, took, end)
		setGauges(m, out)
	}
	d.mu.Lock()
	d.lastErr = err
	if err == nil || out.Observed {
		d.last = &out
	}
	if out.Observed {
		d.ready = true
	}
	d.mu.Unlock()
	d.cfg.Logger.Info("pass finished", zap.String("result", result), zap.Duration("took", took),
		zap.Int("changes", pendingChanges(out.Report)))
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
