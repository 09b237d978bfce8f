// Package daemon runs reconcile passes forever: level-triggered, one pass at
// a time, at start, on a timer, whenever the source changes and whenever
// something calls Trigger (a webhook, a lease gained), with backoff after a
// failed pass; and it serves /metrics, /healthz, /readyz, /drift and any
// extra routes on one HTTP port.
package daemon

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/metrics"
	"github.com/everruns/reconciler/internal/pass"
	"github.com/everruns/reconciler/internal/source"
	"github.com/everruns/reconciler/internal/statuspage"
)

// PassFunc runs one pass in mode. It must return promptly once ctx is
// cancelled. (*pass.Runner).Run is one.
type PassFunc func(ctx context.Context, mode pass.Mode) (pass.Outcome, error)

// Lease says whether this replica may change AWS. A replica that does not
// hold it runs observe-only passes (and still serves /drift).
type Lease interface {
	// Held reports whether the lease is held now.
	Held() bool
	// Changed receives a value whenever Held may have changed. The lease
	// must send without blocking (a buffer of one, coalesced). A gained
	// lease starts a pass at once; a lost one cancels an apply in progress.
	Changed() <-chan struct{}
}

// Config is what the daemon needs; Interval, Pass and Logger are required.
type Config struct {
	Interval time.Duration
	Pass     PassFunc
	Logger   *zap.Logger
	Metrics  *metrics.Metrics
	// Source, if set, is watched: a change starts a pass.
	Source source.Source
	// Lease, if set, decides whether passes act; nil means always held.
	Lease Lease
	// Routes are served beside the daemon's own, by ServeMux pattern
	// ("POST /hooks/github").
	Routes map[string]http.Handler
	// MinBackoff and MaxBackoff bound the wait before retrying a failed pass
	// (defaults 5s and Interval).
	MinBackoff, MaxBackoff time.Duration
	// Grace is how long a pass in progress may run on after shutdown begins
	// before it is cancelled (default 20s: with the HTTP server's 5s it fits
	// ECS's default 30s stop timeout).
	Grace time.Duration
	// StaleAfter is how long observation may keep failing before /readyz
	// fails (default 3 intervals).
	StaleAfter time.Duration
	// StuckAfter is how long a pass may run before it is reported stuck:
	// an error in the log, reconciler_pass_stuck 1, and /readyz failing
	// until it ends (default the longer of Interval and 10 minutes). The
	// pass is not cancelled: what it does may be a rollout that takes its
	// time, and a stuck call is for the person paged to see.
	StuckAfter time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Observer, if set, is told of every pass (commit statuses,
	// notifications: internal/gitops).
	Observer Observer
	// Incidents, if set, are the open incidents the status page lists
	// (the notifications' own record); unset, the page derives them from
	// the daemon's state.
	Incidents func() []statuspage.Incident
}

// ErrGraceExceeded is what Run returns when shutdown had to cancel a pass:
// what it was doing may be half done.
var ErrGraceExceeded = errors.New("the pass in progress was cancelled at the shutdown grace limit")

// Daemon is the loop and its state.
type Daemon struct {
	cfg     Config
	trigger chan string

	stuck prometheus.Gauge // nil without Metrics

	mu    sync.RWMutex
	state state
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
	cfg.MinBackoff = min(cfg.MinBackoff, cfg.MaxBackoff)
	if cfg.Grace <= 0 {
		cfg.Grace = 20 * time.Second
	}
	if cfg.StaleAfter <= 0 {
		cfg.StaleAfter = 3 * cfg.Interval
	}
	if cfg.StuckAfter <= 0 {
		cfg.StuckAfter = max(cfg.Interval, 10*time.Minute)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	d := &Daemon{cfg: cfg, trigger: make(chan string, 1)}
	if cfg.Metrics != nil {
		d.stuck = prometheus.NewGauge(prometheus.GaugeOpts{Name: "reconciler_pass_stuck",
			Help: "1 while the pass in progress has run longer than --stuck-after, else 0."})
		if err := cfg.Metrics.Registry.Register(d.stuck); err != nil {
			return nil, fmt.Errorf("daemon: register reconciler_pass_stuck: %w", err)
		}
	}
	return d, nil
}

// Trigger asks for a pass. It never blocks, and coalesces: triggers that
// arrive while one is pending are one pass; one that arrives during a
// pass brings one more pass after it.
func (d *Daemon) Trigger(reason string) {
	select {
	case d.trigger <- reason:
	default:
	}
}

func (d *Daemon) held() bool { return d.cfg.Lease == nil || d.cfg.Lease.Held() }
