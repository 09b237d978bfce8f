package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/awsconfig"
	"github.com/everruns/reconciler/internal/metrics"
	"github.com/everruns/reconciler/internal/registry"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// images pins the images of digest-policy containers before the engine
// sees the resources, over the same AWS configuration and adapters as the
// engine: the image kept on registry trouble is read through the task
// definitions' own adapter.
type images struct {
	credentials registry.CredentialsReader
	taskDefs    reconcile.Kind
	// gate holds the tags a pass found missing; the task definitions'
	// adapter refuses to register a revision naming one.
	gate *registry.Gate
}

// The secret is read as the adapters read it (awsconfig.AppID in the
// User-Agent), and the secrets kind's operations already allow it
// (GetSecretValue on the file's secrets), so iam-policy needs nothing more.
func newImages(cfg aws.Config, kinds map[string]reconcile.Kind) *images {
	cfg.AppID = awsconfig.AppID
	im := &images{credentials: registry.NewSecretsManager(cfg), taskDefs: kinds[names.KindTaskDefinition], gate: &registry.Gate{}}
	if k, ok := im.taskDefs.(interface{ SetImageCheck(func(string) string) }); ok {
		k.SetImageCheck(im.gate.Refusal)
	}
	return im
}

// resolve returns resources with digest-policy images pinned; report is
// told of every container whose registry could not answer (its task
// definition keeps its image). Every tag-policy image is asked for once
// (a manifest HEAD): one its registry says is missing is refused for the
// pass, and reported.
func (im *images) resolve(ctx context.Context, env *desired.Environment, resources []desired.Resource,
	report func(registry.Trouble)) ([]desired.Resource, error) {
	r := registry.Resolver{Credentials: im.credentials}
	if im.taskDefs != nil {
		r.Current = registry.ObservedImages(im.taskDefs, env.Identity())
	}
	out, troubles, err := r.Resolve(ctx, env, resources)
	troubles = append(troubles, r.Check(ctx, env, im.gate)...)
	for _, t := range troubles {
		report(t)
	}
	return out, err
}

// printTrouble reports registry trouble on a command's stderr.
func printTrouble(w io.Writer, command string) func(registry.Trouble) {
	return func(t registry.Trouble) { fmt.Fprintf(w, "reconciler %s: %s\n", command, t) }
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
