package logs_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/everruns/reconciler/internal/adapters/kit/kittest"
	"github.com/everruns/reconciler/internal/adapters/logs"
	"github.com/everruns/reconciler/pkg/reconcile"
)

type harness struct {
	*kittest.Harness
	logs *cloudwatchlogs.Client
}

func start(t *testing.T) *harness {
	t.Helper()
	h := &harness{}
	h.Harness = kittest.Start(t, func(cfg aws.Config) map[string]reconcile.Kind {
		h.logs = cloudwatchlogs.NewFromConfig(cfg)
		return logs.Kinds(h.logs)
	})
	return h
}
