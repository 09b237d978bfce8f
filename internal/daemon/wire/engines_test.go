package wire

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/everruns/reconciler/internal/metrics"
	notifications "github.com/everruns/reconciler/internal/notify"
	"github.com/everruns/reconciler/internal/registry"
	"github.com/everruns/reconciler/internal/statuspage"
)

// The daemon reports registry trouble as one warning naming the task
// definition and the image it keeps, and counts it by service key.
func TestRegistryTroubleIsLoggedAndCounted(t *testing.T) {
	core, logs := observer.New(zap.WarnLevel)
	m := metrics.New("test")
	report := logTrouble(zap.New(core), m)
	trouble := registry.Trouble{Owner: "api", Address: "service.api.task_definition",
		Kept: "ghcr.io/everruns/api@sha256:1", Err: errors.New("head manifest: 429 Too Many Requests")}
	report(trouble)
	report(trouble)
	if got := testutil.ToFloat64(m.ImageResolveErrors.WithLabelValues("api")); got != 2 {
		t.Errorf("reconciler_image_resolve_errors_total{workload=api} = %v, want 2", got)
	}
	entries := logs.All()
	if len(entries) != 2 || entries[0].ContextMap()["kept"] != trouble.Kept || entries[0].ContextMap()["address"] != "service.api.task_definition" {
		t.Errorf("log = %+v", entries)
	}
}

// The status page lists the notifications' open incidents as they are.
func TestPageIncidentsKeepEveryField(t *testing.T) {
	since := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	got := pageIncidents([]notifications.Incident{{Key: "drift:network.vpc", Kind: "drift", Summary: "network.vpc drifted",
		Details: []string{"enable_dns_hostnames: false → true"}, Commit: "abc123", Resources: []string{"network.vpc"}, Since: since}})
	want := []statuspage.Incident{{Kind: "drift", Summary: "network.vpc drifted", Details: []string{"enable_dns_hostnames: false → true"},
		Commit: "abc123", Resources: []string{"network.vpc"}, Since: since}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pageIncidents (-want +got):\n%s", diff)
	}
}
