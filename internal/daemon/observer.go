package daemon

import (
	"context"
	"time"

	"github.com/everruns/reconciler/internal/pass"
)

// Observer is told of every pass once it is recorded: the commit status
// and the notifications (internal/gitops) follow passes through it. It
// must not block: what it sends, it sends in the background.
type Observer interface {
	PassDone(ctx context.Context, r PassResult)
}

// PassResult is one finished pass, as the daemon recorded it.
type PassResult struct {
	Outcome    pass.Outcome
	Err        error
	Start, End time.Time
	// FailingSince is the start of the first failed pass since the last
	// observation (zero while observation works).
	FailingSince time.Time
}

// observe tells the observer, if any, of the pass just recorded.
func (d *Daemon) observe(ctx context.Context, out pass.Outcome, err error, start, end time.Time) {
	if d.cfg.Observer == nil {
		return
	}
	d.mu.RLock()
	since := d.state.failingSince
	d.mu.RUnlock()
	d.cfg.Observer.PassDone(ctx, PassResult{Outcome: out, Err: err, Start: start, End: end, FailingSince: since})
}
