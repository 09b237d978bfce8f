package daemon

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/everruns/reconciler/internal/metrics"
	"github.com/everruns/reconciler/internal/pass"
	"github.com/everruns/reconciler/pkg/drift"
)

type driftJSON struct {
	Environment string `json:"environment"`
	Changes     []struct {
		Address string `json:"address"`
		Action  string `json:"action"`
	} `json:"changes"`
	Revision   string    `json:"revision"`
	ObservedAt time.Time `json:"observed_at"`
	Stale      bool      `json:"stale"`
	LastPass   struct {
		Result string `json:"result"`
		Error  string `json:"error"`
	} `json:"last_pass"`
	Source pass.SourceStatus `json:"source"`
}

func readDrift(t *testing.T, d *Daemon) driftJSON {
	t.Helper()
	var got driftJSON
	if err := json.Unmarshal([]byte(scrape(t, d.Handler(), "/drift")), &got); err != nil {
		t.Fatalf("/drift is not JSON: %v", err)
	}
	return got
}

func TestEndpoints(t *testing.T) {
	out := observed("sha256:abc")
	out.Report = drift.Report{Environment: "production", Changes: []drift.Change{
		{Address: "network.vpc", Kind: "ec2.vpc", Action: drift.ActionUpdate}}}
	out.Drifted = map[string]int{"ec2.vpc": 1}
	hook := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusAccepted) })
	d := newDaemon(t, Config{Metrics: metrics.New("v1.2.3"), Routes: map[string]http.Handler{"POST /hooks/github": hook},
		Pass: func(context.Context, pass.Mode) (pass.Outcome, error) { return out, nil }})
	h := d.Handler()
	if code := status(t, h, "/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz before any pass = %d, want 503", code)
	}
	if code := status(t, h, "/healthz"); code != http.StatusOK {
		t.Errorf("/healthz = %d, want 200", code)
	}
	start(t, d)
	eventually(t, "/readyz to answer 200", func() bool { return status(t, h, "/readyz") == http.StatusOK })
	got := readDrift(t, d)
	if got.Environment != "production" || len(got.Changes) != 1 || got.Changes[0].Action != "update" || got.Revision != "sha256:abc" || got.Stale {
		t.Errorf("/drift = %+v", got)
	}
	body := scrape(t, h, "/metrics")
	for _, want := range []string{
		`reconciler_passes_total{result="drift"} 1`,
		`reconciler_managed_resources{kind="ec2.vpc"} 1`,
		`reconciler_drifted_resources{kind="ec2.vpc"} 1`,
		`reconciler_source_revision_info{revision="sha256:abc"} 1`,
		`reconciler_source_valid 1`,
		`reconciler_last_observation_timestamp_seconds `,
		`reconciler_build_info{goversion=`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	rec := httpPost(t, h, "/hooks/github")
	if rec != http.StatusAccepted {
		t.Errorf("POST /hooks/github = %d, want the extra route's 202", rec)
	}
}

// A failed pass hides no drift: the gauges keep the last observation, /drift
// says when that was and that the latest pass failed, and /readyz fails
// only once observation has kept failing for longer than StaleAfter.
func TestAFailedPassKeepsTheLastObservationAndGoesStale(t *testing.T) {
	var now atomic.Int64
	now.Store(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Unix())
	clock := func() time.Time { return time.Unix(now.Load(), 0) }
	var n atomic.Int32
	passes := make(chan struct{}, 10)
	d := newDaemon(t, Config{Metrics: metrics.New("t"), Now: clock, StaleAfter: time.Minute, MinBackoff: time.Hour,
		Pass: func(context.Context, pass.Mode) (pass.Outcome, error) {
			defer func() { passes <- struct{}{} }()
			if n.Add(1) == 1 {
				out := observed("r1")
				out.Drifted = map[string]int{"ec2.vpc": 1}
				return out, nil
			}
			return pass.Outcome{Mode: pass.Act}, errors.New("observe ec2.vpc: AccessDenied")
		}})
	start(t, d)
	waitFor(t, passes, "the observing pass")
	eventually(t, "/readyz 200", func() bool { return status(t, d.Handler(), "/readyz") == http.StatusOK })
	now.Add(10)
	d.Trigger("test")
	waitFor(t, passes, "the failing pass")
	eventually(t, "the failure recorded", func() bool { return readDrift(t, d).LastPass.Result == "error" })

	got := readDrift(t, d)
	if !got.Stale || got.Revision != "r1" || !strings.Contains(got.LastPass.Error, "AccessDenied") || got.ObservedAt.Unix() != now.Load()-10 {
		t.Errorf("/drift after a failed pass = %+v", got)
	}
	body := scrape(t, d.Handler(), "/metrics")
	if !strings.Contains(body, `reconciler_drifted_resources{kind="ec2.vpc"} 1`) || !strings.Contains(body, `reconciler_managed_resources{kind="ec2.vpc"} 1`) {
		t.Errorf("a failed pass reset the gauges:\n%s", body)
	}
	if code := status(t, d.Handler(), "/readyz"); code != http.StatusOK {
		t.Errorf("/readyz just after one failure = %d, want 200", code)
	}
	now.Add(61)
	if code := status(t, d.Handler(), "/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz after failing for longer than StaleAfter = %d, want 503", code)
	}
}

// An invalid revision is reported on /drift and in the metrics while the
// report stays the last good revision's.
func TestAnInvalidSourceIsReported(t *testing.T) {
	out := observed("good")
	out.Source = pass.SourceStatus{Revision: "bad", Errors: []string{"environment.yaml:3:1: unknown field bogus"}}
	d := newDaemon(t, Config{Metrics: metrics.New("t"), Pass: func(context.Context, pass.Mode) (pass.Outcome, error) { return out, nil }})
	start(t, d)
	eventually(t, "/readyz 200", func() bool { return status(t, d.Handler(), "/readyz") == http.StatusOK })
	got := readDrift(t, d)
	if got.Revision != "good" || got.Source.Valid || got.Source.Revision != "bad" || len(got.Source.Errors) != 1 {
		t.Errorf("/drift = %+v", got)
	}
	if body := scrape(t, d.Handler(), "/metrics"); !strings.Contains(body, "reconciler_source_valid 0") {
		t.Error("/metrics lacks reconciler_source_valid 0")
	}
}
