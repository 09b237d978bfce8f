package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"time"

	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/daemon"
	"github.com/everruns/reconciler/internal/lease"
	"github.com/everruns/reconciler/internal/metrics"
	"github.com/everruns/reconciler/internal/pass"
	"github.com/everruns/reconciler/internal/source"
	"github.com/everruns/reconciler/internal/taskpolicy"
)

// httpShutdown is how long the HTTP server may take to close after the
// daemon stops: with the daemon's 20s grace, 25s fit ECS's default 30s
// stop timeout (SIGTERM, then SIGKILL).
const httpShutdown = 5 * time.Second

// runFlags are the flags of run beyond the source's.
type runFlags struct {
	interval, grace, staleAfter time.Duration
	stuckAfter                  time.Duration
	listen, logFormat           string
	dryRun                      bool
	targets                     stringList
	engine                      engineFlags
	source                      sourceFlags
	lease                       leaseFlags
	webhook                     webhookFlags
}

func (f *runFlags) register(fs *flag.FlagSet) {
	fs.DurationVar(&f.interval, "interval", time.Minute, "resync interval")
	fs.DurationVar(&f.grace, "grace", 20*time.Second, "how long a pass may run on after SIGTERM before it is cancelled")
	fs.DurationVar(&f.staleAfter, "stale-after", 5*time.Minute, "how long observation may keep failing before /readyz fails")
	fs.DurationVar(&f.stuckAfter, "stuck-after", 10*time.Minute, "how long a pass may run before it is reported stuck and /readyz fails (at least --interval)")
	fs.StringVar(&f.listen, "listen", ":8080", "address of /metrics, /healthz, /readyz and /drift")
	fs.StringVar(&f.logFormat, "log-format", "auto", "auto (console on a terminal, else JSON), json or console")
	fs.BoolVar(&f.dryRun, "dry-run", false, "observe and report, never change anything")
	fs.Var(&f.targets, "target", "only addresses with this prefix, and what they depend on (repeatable)")
	f.engine.register(fs)
	f.source.register(fs)
	f.lease.register(fs)
	f.webhook.register(fs)
}

// check says, on w, what is wrong with the combination of flags.
func (f *runFlags) check(w io.Writer) bool {
	if !f.source.check(w) {
		return false
	}
	return f.webhook.check(w, f.source.gitURL != "")
}

// runDaemon: reconciler run -f FILE | --git-url URL … [--interval 1m]
// [--listen :8080] [--dry-run]. Runs until SIGTERM; exit 0 on a clean
// shutdown, 1 if the pass in progress had to be cancelled.
func runDaemon(ctx context.Context, args []string, io IO) int {
	fs := newFlags("run", io)
	var f runFlags
	f.register(fs)
	if !parse(fs, args) || !f.check(io.Stderr) {
		return ExitError
	}
	log, err := newLogger(f.logFormat, io)
	if err != nil {
		fmt.Fprintf(io.Stderr, "reconciler run: %v\n", err)
		return ExitError
	}
	defer log.Sync() //nolint:errcheck // nothing to do about a failed flush at exit
	if err := serveDaemon(ctx, f, log); err != nil {
		log.Error("reconciler stopped", zap.Error(err))
		return ExitError
	}
	return ExitOK
}

// serveDaemon wires the source, the lease, the webhook, the pass, the
// daemon and its HTTP server, and runs until ctx ends. On shutdown the
// pass in progress drains first; only then is the lease released, so that
// the next holder never overlaps a pass of this one.
func serveDaemon(ctx context.Context, f runFlags, log *zap.Logger) error {
	src, where, err := f.source.open(log)
	if err != nil {
		return err
	}
	m := metrics.New(Version)
	l, err := f.lease.open(ctx, log, m)
	if err != nil {
		return err
	}
	daemonCtx, stopDaemon := context.WithCancel(ctx)
	defer stopDaemon()
	leaseCtx, stopLease := context.WithCancel(context.WithoutCancel(ctx))
	defer stopLease()
	d, err := newDaemon(daemonCtx, leaseCtx, f, src, l, m, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", f.listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", f.listen, err)
	}
	srv := daemon.Serve(ln, d.Handler(), daemon.DefaultServerLimits(), log)
	log.Info("reconciler started", zap.String("source", where), zap.String("listen", ln.Addr().String()),
		zap.Duration("interval", f.interval), zap.Bool("dry_run", f.dryRun), zap.String("lease_table", f.lease.table),
		zap.Bool("webhook", f.webhook.enabled()), zap.String("version", Version))

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
func newDaemon(ctx, leaseCtx context.Context, f runFlags, src source.Source, l *lease.Lease,
	m *metrics.Metrics, log *zap.Logger) (*daemon.Daemon, error) {
	trig := &triggers{ctx: ctx, log: log, lease: l}
	trig.git, _ = src.(*source.Git)
	routes, err := webhookRoutes(f.webhook, f.source.gitBranch, trig, m)
	if err != nil {
		return nil, err
	}
	eng := &engines{flags: f.engine, metrics: m, log: log}
	runner := &pass.Runner{Source: src, Engine: eng.For, Expand: taskpolicy.Resources, Resolve: eng.Resolve,
		Targets: f.targets, DryRun: f.dryRun, Log: log}
	cfg := daemon.Config{Interval: f.interval, Grace: f.grace, StaleAfter: f.staleAfter, StuckAfter: max(f.stuckAfter, f.interval),
		Pass: runner.Run, Source: src, Logger: log, Metrics: m, Routes: routes}
	if l != nil {
		runner.Guard, runner.GuardDeadline = l.Guard, l.Deadline
		cfg.Lease = watchLease(leaseCtx, l, trig.nudged)
	}
	d, err := daemon.New(cfg)
	if err != nil {
		return nil, err
	}
	trig.trigger = d.Trigger
	return d, nil
}
