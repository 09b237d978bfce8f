package wire

import (
	"context"

	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/adapters"
	"github.com/everruns/reconciler/internal/awsconfig"
	"github.com/everruns/reconciler/internal/awsengine"
	"github.com/everruns/reconciler/internal/metrics"
	"github.com/everruns/reconciler/internal/registry"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// engines gives the daemon's passes their engine (pass.EngineFunc).
type engines struct {
	options awsengine.Options
	metrics *metrics.Metrics
	log     *zap.Logger

	// engine is kept across passes, so that the AWS clients' adaptive retry
	// and rate-limit state carry over; it is rebuilt only if the file moves
	// the environment to another region.
	engine *awsengine.Engine
	region string
}

// For returns the engine for env's region, loading the AWS configuration
// only the first time and when the region changes.
func (e *engines) For(ctx context.Context, env *desired.Environment) (*reconcile.Engine, error) {
	if e.engine != nil && e.region == env.Region {
		return e.engine.Engine, nil
	}
	cfg, err := awsengine.Config(ctx, env, e.metrics)
	if err != nil {
		return nil, err
	}
	cfg.Logger = awsconfig.SDKLogger(e.log) // the SDK's lines in the daemon's format
	engine, err := awsengine.New(cfg, e.options, logProgress(e.log))
	if err != nil {
		return nil, err
	}
	if e.metrics != nil {
		e.metrics.SetRollouts(adapters.RolloutCounts(engine.Registry))
	}
	e.engine, e.region = engine, env.Region
	return e.engine.Engine, nil
}

// Resolve pins the digest-policy images of a pass (pass.Runner.Resolve)
// with the adapters of env's engine; registry trouble goes to the log and
// reconciler_image_resolve_errors_total.
func (e *engines) Resolve(ctx context.Context, env *desired.Environment, resources []desired.Resource) ([]desired.Resource, error) {
	if _, err := e.For(ctx, env); err != nil {
		return nil, err
	}
	return e.engine.Images.Resolve(ctx, env, resources, logTrouble(e.log, e.metrics))
}

// logTrouble reports registry trouble in the daemon's log and metric.
func logTrouble(log *zap.Logger, m *metrics.Metrics) func(registry.Trouble) {
	return func(t registry.Trouble) {
		log.Warn("image not resolved; the task definition keeps its image", zap.String("address", string(t.Address)),
			zap.String("kept", t.Kept), zap.Error(t.Err))
		if m != nil {
			m.ImageResolveErrors.WithLabelValues(t.Owner).Inc()
		}
	}
}
