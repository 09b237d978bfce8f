package awsengine

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/everruns/reconciler/internal/awsconfig"
	"github.com/everruns/reconciler/internal/registry"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// Images pins the images of digest-policy containers before the engine
// sees the resources, over the same AWS configuration and adapters as the
// engine: the image kept on registry trouble is read through the task
// definitions' own adapter.
type Images struct {
	credentials registry.CredentialsReader
	taskDefs    reconcile.Kind
	// gate holds the tags a pass found missing; the task definitions'
	// adapter refuses to register a revision naming one.
	gate *registry.Gate
}

// The secret is read as the adapters read it (awsconfig.AppID in the
// User-Agent), and the secrets kind's operations already allow it
// (GetSecretValue on the file's secrets), so iam-policy needs nothing more.
func newImages(cfg aws.Config, kinds map[string]reconcile.Kind) *Images {
	cfg.AppID = awsconfig.AppID
	im := &Images{credentials: registry.NewSecretsManager(cfg), taskDefs: kinds[names.KindTaskDefinition], gate: &registry.Gate{}}
	if k, ok := im.taskDefs.(interface {
		SetImageCheck(func(context.Context, string) string, func(string) string)
	}); ok {
		k.SetImageCheck(im.gate.Refusal, im.gate.Known)
	}
	return im
}

// Resolve returns resources with digest-policy images pinned; report is
// told of every container whose registry could not answer (its task
// definition keeps its image). A tag-policy image is asked for (one
// manifest HEAD) only when a revision naming it is about to be
// registered: one its registry says is missing is refused, and reported.
func (im *Images) Resolve(ctx context.Context, env *desired.Environment, resources []desired.Resource,
	report func(registry.Trouble)) ([]desired.Resource, error) {
	r := registry.Resolver{Credentials: im.credentials}
	if im.taskDefs != nil {
		r.Current = registry.ObservedImages(im.taskDefs, env.Identity())
	}
	out, troubles, err := r.Resolve(ctx, env, resources)
	im.gate.Reset(&r, env, report)
	for _, t := range troubles {
		report(t)
	}
	return out, err
}
