// Package awsengine builds what every command that talks to AWS needs: the
// AWS configuration for the file's region, and the reconcile engine over
// every adapter with the image resolver that shares its adapters. diff and
// apply build one per run; the daemon keeps one across passes.
package awsengine

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/everruns/reconciler/internal/adapters"
	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/internal/awsconfig"
	"github.com/everruns/reconciler/internal/metrics"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// Options tune the engine; every command that talks to AWS takes them as
// flags (--poll-interval, --parallelism).
type Options struct {
	// PollInterval is how often a resource that is becoming ready is observed.
	PollInterval time.Duration
	// Parallelism is how many resources are acted on at once.
	Parallelism int
}

// DefaultOptions are the flags' defaults.
func DefaultOptions() Options {
	return Options{PollInterval: 5 * time.Second, Parallelism: 4}
}

// Config loads the SDK's standard configuration (with the reconciler's
// retry, rate limit and metrics, m may be nil) and checks that it points
// at the file's region: acting on another region than the file declares
// would build a second environment.
func Config(ctx context.Context, env *desired.Environment, m *metrics.Metrics) (aws.Config, error) {
	cfg, err := awsconfig.Load(ctx, awsconfig.Options{Metrics: m, DefaultRegion: env.Region})
	if err != nil {
		return aws.Config{}, err
	}
	if cfg.Region != env.Region {
		return aws.Config{}, fmt.Errorf("the AWS configuration's region is %s but the file's is %s: refusing to act on another region", cfg.Region, env.Region)
	}
	return cfg, nil
}

// Engine is the reconcile engine with what was built beside it.
type Engine struct {
	*reconcile.Engine
	// Images pins digest-policy images through the engine's own adapters.
	Images *Images
	// Registry is the adapters, whose own records (rollouts) the daemon
	// reads for its metrics.
	Registry *kit.Registry
}

// New builds the engine over every adapter the registry has. Kinds of the
// file missing there are reported as unsupported, never skipped silently.
// progress may be nil.
func New(cfg aws.Config, o Options, progress func(reconcile.Event)) (*Engine, error) {
	reg, err := adapters.New(cfg)
	if err != nil {
		return nil, err
	}
	engine := reconcile.New(reg.Kinds(),
		reconcile.WithClassifier(reg.Classifier().Classify),
		reconcile.WithPollInterval(o.PollInterval),
		reconcile.WithParallelism(o.Parallelism),
		reconcile.WithProgress(progress))
	return &Engine{Engine: engine, Images: newImages(cfg, reg.Kinds()), Registry: reg}, nil
}

// Verb is how progress names a phase a person cares about (what is
// created or changed, what is waited for, what failed); ok is false for
// observe and per-poll noise, which progress leaves out.
func Verb(p reconcile.Phase) (verb string, ok bool) {
	verb, ok = verbs[p]
	return verb, ok
}

var verbs = map[reconcile.Phase]string{
	reconcile.PhaseCreate:      "creating",
	reconcile.PhaseUpdate:      "updating",
	reconcile.PhaseReplace:     "replacing",
	reconcile.PhaseDelete:      "deleting",
	reconcile.PhaseRetry:       "retrying",
	reconcile.PhaseWait:        "waiting",
	reconcile.PhaseReady:       "ready",
	reconcile.PhaseFailed:      "FAILED",
	reconcile.PhaseBlocked:     "blocked",
	reconcile.PhaseRefused:     "refused",
	reconcile.PhaseUnsupported: "unsupported",
}
