package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/everruns/reconciler/internal/daemon"
	"github.com/everruns/reconciler/internal/metrics"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// runDaemon: reconciler run -f FILE [--interval 1m] [--listen :8080]
// [--dry-run]. Runs until SIGTERM; exit 0 on a clean shutdown.
func runDaemon(ctx context.Context, args []string, io IO) int {
	fs := newFlags("run", io)
	file := fs.String("f", "", "environment file, re-read at every pass")
	interval := fs.Duration("interval", time.Minute, "resync interval")
	listen := fs.String("listen", ":8080", "address of /metrics, /healthz, /readyz and /drift")
	dryRun := fs.Bool("dry-run", false, "observe and report, never change anything")
	logFormat := fs.String("log-format", "auto", "auto (console on a terminal, else JSON), json or console")
	filePoll := fs.Duration("file-poll", 2*time.Second, "how often to check the file for changes")
	var targets stringList
	fs.Var(&targets, "target", "only addresses with this prefix, and what they depend on (repeatable)")
	var ef engineFlags
	ef.register(fs)
	if !parse(fs, args) {
		return ExitError
	}
	if *file == "" {
		fmt.Fprintln(io.Stderr, "reconciler run: -f FILE is required")
		return ExitError
	}
	log, err := newLogger(*logFormat, io)
	if err != nil {
		fmt.Fprintf(io.Stderr, "reconciler run: %v\n", err)
		return ExitError
	}
	defer log.Sync() //nolint:errcheck // nothing to do about a failed flush at exit

	m := metrics.New(Version)
	p := &passer{file: *file, targets: targets, dryRun: *dryRun, flags: ef, metrics: m, log: log}
	d, err := daemon.New(daemon.Config{
		Interval: *interval, Pass: p.pass, Logger: log, Metrics: m,
		Changes: daemon.WatchFile(ctx, *file, *filePoll),
	})
	if err != nil {
		fmt.Fprintf(io.Stderr, "reconciler run: %v\n", err)
		return ExitError
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		fmt.Fprintf(io.Stderr, "reconciler run: listen on %s: %v\n", *listen, err)
		return ExitError
	}
	srv := &http.Server{Handler: d.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("HTTP server stopped", zap.Error(err))
		}
	}()
	log.Info("reconciler started", zap.String("file", *file), zap.String("listen", ln.Addr().String()),
		zap.Duration("interval", *interval), zap.Bool("dry_run", *dryRun), zap.String("version", Version))

	_ = d.Run(ctx) // returns nil once ctx ends and the pass in progress is done
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(shutdown)
	return ExitOK
}

// passer runs one daemon pass: re-read the file (an invalid file fails the
// pass before any AWS call), then plan (dry run) or apply.
type passer struct {
	file    string
	targets []string
	dryRun  bool
	flags   engineFlags
	metrics *metrics.Metrics
	log     *zap.Logger

	// engine is kept across passes, so that the AWS clients' adaptive retry
	// and rate-limit state carry over; it is rebuilt only if the file moves
	// the environment to another region.
	engine *reconcile.Engine
	region string
}

// engineFor returns the engine for env's region, loading the AWS
// configuration only the first time and when the region changes.
func (p *passer) engineFor(ctx context.Context, env *desired.Environment) (*reconcile.Engine, error) {
	if p.engine != nil && p.region == env.Region {
		return p.engine, nil
	}
	cfg, err := awsConfig(ctx, env, p.metrics)
	if err != nil {
		return nil, err
	}
	engine, err := newEngine(cfg, p.flags, logProgress(p.log))
	if err != nil {
		return nil, err
	}
	p.engine, p.region = engine, env.Region
	return p.engine, nil
}

func (p *passer) pass(ctx context.Context) (daemon.Outcome, error) {
	env, diags := desired.Load(p.file)
	for _, d := range diags {
		p.log.Warn("environment file", zap.String("diagnostic", d.String()))
	}
	if diags.HasErrors() {
		return daemon.Outcome{}, fmt.Errorf("%s is invalid: %d errors; nothing was changed", p.file, len(diags.Errors()))
	}
	engine, err := p.engineFor(ctx, env)
	if err != nil {
		return daemon.Outcome{}, err
	}
	resources := env.Resources()
	if p.dryRun {
		plan, err := engine.Plan(ctx, env.Identity(), resources, p.targets)
		if err != nil {
			return daemon.Outcome{}, err
		}
		return outcome(plan.Report, resources), nil
	}
	res, err := engine.Apply(ctx, env.Identity(), resources, reconcile.ApplyOptions{Targets: p.targets, NoWaitForPeople: true})
	if err != nil {
		return daemon.Outcome{}, err
	}
	out := outcome(res.Report, resources)
	if !res.Converged() {
		return out, fmt.Errorf("not converged: %w", res.Err())
	}
	return out, nil
}

// outcome is a pass that observed the whole environment: report is what
// is still different after it.
func outcome(report drift.Report, resources []desired.Resource) daemon.Outcome {
	out := daemon.Outcome{Report: report, Observed: true, Managed: map[string]int{}, Drifted: map[string]int{}}
	for _, r := range resources {
		out.Managed[r.Kind]++
	}
	for _, c := range report.Outstanding() {
		out.Drifted[c.Kind]++
	}
	return out
}

// logProgress logs one structured line per action; events carry no field
// values, so no secret can reach the log through them.
func logProgress(log *zap.Logger) func(reconcile.Event) {
	return func(e reconcile.Event) {
		if _, ok := progressVerbs[e.Phase]; !ok {
			return
		}
		fields := []zap.Field{zap.String("phase", string(e.Phase)), zap.String("kind", e.Kind), zap.Duration("elapsed", e.Elapsed)}
		if e.Address != "" {
			fields = append(fields, zap.String("address", string(e.Address)))
		}
		if e.Message != "" {
			fields = append(fields, zap.String("detail", e.Message))
		}
		level := zapcore.InfoLevel
		if e.Phase == reconcile.PhaseFailed || e.Phase == reconcile.PhaseBlocked || e.Phase == reconcile.PhaseRefused {
			level = zapcore.WarnLevel
		}
		log.Log(level, string(e.Phase), fields...)
	}
}

// newLogger is JSON in production (a Fargate task's logs go to CloudWatch)
// and a console format on a terminal.
func newLogger(format string, io IO) (*zap.Logger, error) {
	if format == "auto" {
		format = "json"
		if f, ok := io.Stderr.(*os.File); ok {
			if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
				format = "console"
			}
		}
	}
	var enc zapcore.Encoder
	switch format {
	case "json":
		enc = zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig())
	case "console":
		enc = zapcore.NewConsoleEncoder(zap.NewDevelopmentEncoderConfig())
	default:
		return nil, fmt.Errorf("--log-format must be auto, json or console, not %q", format)
	}
	return zap.New(zapcore.NewCore(enc, zapcore.AddSync(io.Stderr), zapcore.InfoLevel)), nil
}
