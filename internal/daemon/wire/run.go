package wire

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/daemon"
	"github.com/everruns/reconciler/internal/lease"
	"github.com/everruns/reconciler/internal/metrics"
	"github.com/everruns/reconciler/internal/pass"
	"github.com/everruns/reconciler/internal/source"
	"github.com/everruns/reconciler/internal/statuspage"
	"github.com/everruns/reconciler/internal/taskpolicy"
)

// httpShutdown is how long the HTTP server may take to close after the
// daemon stops: with the daemon's 20s grace, 25s fit ECS's default 30s
// stop timeout (SIGTERM, then SIGKILL).
const httpShutdown = 5 * time.Second

// Run checks o, wires the source, the lease, the webhook, the pass, the
// daemon and its HTTP server, and runs until ctx ends. On shutdown the
// pass in progress drains first; only then is the lease released, so that
// the next holder never overlaps a pass of this one. It returns
// daemon.ErrGraceExceeded if the pass in progress had to be cancelled.
func Run(ctx context.Context, o Options, log *zap.Logger) error {
	return run(ctx, o, log, seams{})
}

// seams let a test run the wiring without AWS: its own pass over the
// runner that was built, and the address the server listens on.
type seams struct {
	pass      func(*pass.Runner) daemon.PassFunc // default: (*pass.Runner).Run
	listening func(net.Addr)
}

func run(ctx context.Context, o Options, log *zap.Logger, s seams) error {
	if err := o.Check(); err != nil {
		return err
	}
	src, where, err := o.Source.open(log)
	if err != nil {
		return err
	}
	m := metrics.New(o.Version)
	l, err := o.Lease.open(ctx, log, m)
	if err != nil {
		return err
	}
	daemonCtx, stopDaemon := context.WithCancel(ctx)
	defer stopDaemon()
	// The lease outlives the daemon's context: it is released only once
	// the pass in progress has drained.
	leaseCtx, stopLease := context.WithCancel(context.WithoutCancel(ctx))
	defer stopLease()
	d, err := newDaemon(daemonCtx, leaseCtx, o, src, l, m, log, s)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", o.Listen, err)
	}
	srv := daemon.Serve(ln, d.Handler(), daemon.DefaultServerLimits(), log)
	if s.listening != nil {
		s.listening(ln.Addr())
	}
	log.Info("reconciler started", zap.String("source", where), zap.String("listen", ln.Addr().String()),
		zap.Duration("interval", o.Interval), zap.Bool("dry_run", o.DryRun), zap.String("lease_table", o.Lease.Table),
		zap.Bool("webhook", o.Webhook.enabled()), zap.String("version", o.Version))

	leaseDone := runLease(leaseCtx, l, log, stopDaemon)
	runErr := d.Run(daemonCtx)
	stopLease()
	leaseErr := <-leaseDone
	shutdown, cancel := context.WithTimeout(context.WithoutCancel(ctx), httpShutdown)
	defer cancel()
	return errors.Join(runErr, leaseErr, srv.Shutdown(shutdown))
}

// newDaemon builds the pass runner and the daemon with its triggers: the
// webhook's route, and the lease's view and nudges.
func newDaemon(ctx, leaseCtx context.Context, o Options, src source.Source, l *lease.Lease,
	m *metrics.Metrics, log *zap.Logger, s seams) (*daemon.Daemon, error) {
	trig := &triggers{ctx: ctx, log: log, lease: l}
	trig.git, _ = src.(*source.Git)
	routes, err := webhookRoutes(o.Webhook, o.Source.GitBranch, trig, m)
	if err != nil {
		return nil, err
	}
	// Statuses and notifications: the observer sees each revision the
	// source reads (an invalid commit gets its status too) and each pass.
	obs, err := o.GitOps.observer(ctx, o, l, m, log)
	if err != nil {
		return nil, err
	}
	if obs != nil {
		src = obs.Source(src)
	}
	eng := &engines{options: o.Engine, metrics: m, log: log}
	runner := &pass.Runner{Source: src, Engine: eng.For, Expand: taskpolicy.Resources, Resolve: eng.Resolve,
		Targets: o.Targets, DryRun: o.DryRun, Log: log}
	cfg := daemon.Config{Interval: o.Interval, Grace: o.Grace, StaleAfter: o.StaleAfter, StuckAfter: max(o.StuckAfter, o.Interval),
		Pass: runner.Run, Source: src, Logger: log, Metrics: m, Routes: routes}
	if obs != nil {
		cfg.Observer = obs
		if obs.Tracker != nil {
			cfg.Incidents = func() []statuspage.Incident { return pageIncidents(obs.OpenIncidents()) }
		}
	}
	if l != nil {
		runner.Guard, runner.GuardDeadline = l.Guard, l.Deadline
		cfg.Lease = watchLease(leaseCtx, l, trig.nudged)
	}
	if s.pass != nil {
		cfg.Pass = s.pass(runner)
	}
	d, err := daemon.New(cfg)
	if err != nil {
		return nil, err
	}
	trig.trigger = d.Trigger
	return d, nil
}
