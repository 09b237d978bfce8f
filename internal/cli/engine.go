package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/everruns/reconciler/internal/adapters"
	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/internal/awsconfig"
	"github.com/everruns/reconciler/internal/metrics"
	"github.com/everruns/reconciler/internal/taskpolicy"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// session is what diff and apply share: their common flags, and the loaded
// file with the AWS configuration for its region.
type session struct {
	name    string
	file    string
	output  string
	targets stringList
	engine  engineFlags

	env    *desired.Environment
	cfg    aws.Config
	render func(io.Writer, drift.Report) error
}

func newSession(name string, fs *flag.FlagSet) *session {
	s := &session{name: name}
	fs.StringVar(&s.file, "f", "", "environment file")
	fs.StringVar(&s.output, "o", "text", "output of the report: text, json or markdown")
	fs.Var(&s.targets, "target", "only addresses with this prefix, and what they depend on (repeatable)")
	s.engine.register(fs)
	return s
}

// open checks the output format, loads the file (printing every
// diagnostic) and the AWS configuration; it reports each failure on
// stderr and returns false, before any AWS call.
func (s *session) open(ctx context.Context, stderr io.Writer) bool {
	var ok bool
	if s.render, ok = renderers[s.output]; !ok {
		fmt.Fprintf(stderr, "reconciler %s: -o must be text, json or markdown, not %q\n", s.name, s.output)
		return false
	}
	if s.env = load(s.file, stderr); s.env == nil {
		return false
	}
	var err error
	if s.cfg, err = awsConfig(ctx, s.env, nil); err != nil {
		return s.fail(stderr, err)
	}
	if err = awsconfig.Preflight(ctx, s.cfg); err != nil {
		return s.fail(stderr, err)
	}
	return true
}

// fail prints err as the command's error and returns false.
func (s *session) fail(stderr io.Writer, err error) bool {
	fmt.Fprintf(stderr, "reconciler %s: %v\n", s.name, err)
	return false
}

// engineFlags are the flags every command that talks to AWS shares.
type engineFlags struct {
	poll        time.Duration
	parallelism int
}

func (f *engineFlags) register(fs *flag.FlagSet) {
	fs.DurationVar(&f.poll, "poll-interval", 5*time.Second, "how often to observe a resource that is becoming ready")
	fs.IntVar(&f.parallelism, "parallelism", 4, "resources acted on at once")
}

// awsConfig loads the SDK's standard configuration and checks that it
// points at the file's region: acting on another region than the file
// declares would build a second environment.
func awsConfig(ctx context.Context, env *desired.Environment, m *metrics.Metrics) (aws.Config, error) {
	cfg, err := awsconfig.Load(ctx, awsconfig.Options{Metrics: m, DefaultRegion: env.Region})
	if err != nil {
		return aws.Config{}, err
	}
	if cfg.Region != env.Region {
		return aws.Config{}, fmt.Errorf("the AWS configuration's region is %s but the file's is %s: refusing to act on another region", cfg.Region, env.Region)
	}
	return cfg, nil
}

// newEngine builds the engine over every adapter the registry has. Kinds
// of the file missing there are reported as unsupported, never skipped
// silently. The images resolver (digest-policy containers) shares its
// adapters, so that the image it keeps on registry trouble is the one the
// engine observes.
func newEngine(cfg aws.Config, f engineFlags, progress func(reconcile.Event)) (*reconcile.Engine, *images, error) {
	engine, images, _, err := newEngineAndRegistry(cfg, f, progress)
	return engine, images, err
}

// newEngineAndRegistry is newEngine for the daemon, which also reads the
// adapters' own records (rollouts) for its metrics.
func newEngineAndRegistry(cfg aws.Config, f engineFlags, progress func(reconcile.Event)) (*reconcile.Engine, *images, *kit.Registry, error) {
	reg, err := adapters.New(cfg)
	if err != nil {
		return nil, nil, nil, err
	}
	return reconcile.New(reg.Kinds(),
		reconcile.WithClassifier(reg.Classifier().Classify),
		reconcile.WithPollInterval(f.poll),
		reconcile.WithParallelism(f.parallelism),
		reconcile.WithProgress(progress)), newImages(cfg, reg.Kinds()), reg, nil
}

// resources is what the engine gets of the loaded file: its expansion with
// the reconciler's generated policy filled in (taskpolicy), then
// digest-policy images pinned (images), whose trouble is printed to
// stderr.
func (s *session) resources(ctx context.Context, images *images, stderr io.Writer) ([]desired.Resource, error) {
	rs, err := taskpolicy.Resources(s.env)
	if err != nil {
		return nil, err
	}
	return images.resolve(ctx, s.env, rs, printTrouble(stderr, s.name))
}
