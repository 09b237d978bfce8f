package cli

import (
	"context"

	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/adapters"
	"github.com/everruns/reconciler/internal/awsconfig"
	"github.com/everruns/reconciler/internal/metrics"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// engines gives the daemon's passes their engine (pass.EngineFunc).
type engines struct {
	flags   engineFlags
	metrics *metrics.Metrics
	log     *zap.Logger

	// engine is kept across passes, so that the AWS clients' adaptive retry
	// and rate-limit state carry over; it is rebuilt only if the file moves
	// the environment to another region.
	engine *reconcile.Engine
	images *images
	region string
}

// For returns the engine for env's region, loading the AWS configuration
// only the first time and when the region changes.
func (e *engines) For(ctx context.Context, env *desired.Environment) (*reconcile.Engine, error) {
	if e.engine != nil && e.region == env.Region {
		return e.engine, nil
	}
	cfg, err := awsConfig(ctx, env, e.metrics)
	if err != nil {
		return nil, err
	}
	cfg.Logger = awsconfig.SDKLogger(e.log) // the SDK's lines in the daemon's format
	engine, images, reg, err := newEngineAndRegistry(cfg, e.flags, logProgress(e.log))
	if err != nil {
		return nil, err
	}
	if e.metrics != nil {
		e.metrics.SetRollouts(adapters.RolloutCounts(reg))
	}
	e.engine, e.images, e.region = engine, images, env.Region
	return e.engine, nil
}

// Resolve pins the digest-policy images of a pass (pass.Runner.Resolve)
// with the adapters of env's engine; registry trouble goes to the log and
// reconciler_image_resolve_errors_total.
func (e *engines) Resolve(ctx context.Context, env *desired.Environment, resources []desired.Resource) ([]desired.Resource, error) {
	if _, err := e.For(ctx, env); err != nil {
		return nil, err
	}
	return e.images.resolve(ctx, env, resources, logTrouble(e.log, e.metrics))
}
