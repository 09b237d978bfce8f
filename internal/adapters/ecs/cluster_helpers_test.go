package ecs_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"

	ecsadapter "github.com/everruns/reconciler/internal/adapters/ecs"
	"github.com/everruns/reconciler/internal/adapters/kit/kittest"
	"github.com/everruns/reconciler/pkg/reconcile"
)

type harness struct {
	*kittest.Harness
	ecs *ecs.Client
}

func start(t *testing.T) *harness {
	t.Helper()
	h := &harness{}
	h.Harness = kittest.Start(t, func(cfg aws.Config) map[string]reconcile.Kind {
		h.ecs = ecs.NewFromConfig(cfg)
		return ecsadapter.Kinds(h.ecs)
	})
	return h
}
