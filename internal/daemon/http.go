package daemon

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/everruns/reconciler/internal/pass"
	"github.com/everruns/reconciler/pkg/drift"
)

// Handler serves the daemon's endpoints and Config.Routes:
//
//	/metrics  Prometheus metrics
//	/healthz  200 while the process runs
//	/readyz   200 once a pass has observed the whole environment, until
//	          observation has kept failing for longer than StaleAfter; else 503
//	/drift    the last observation's report as JSON (the diff -o json
//	          contract) with its revision, its time and the latest pass
//	/         the status page, for people (internal/statuspage)
func (d *Daemon) Handler() http.Handler {
	mux := http.NewServeMux()
	if d.cfg.Metrics != nil {
		mux.Handle("GET /metrics", promhttp.HandlerFor(d.cfg.Metrics.Registry, promhttp.HandlerOpts{}))
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		if ok, why := d.ready(); !ok {
			http.Error(w, "not ready: "+why, http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /drift", d.serveDrift)
	mux.HandleFunc("GET /{$}", d.serveStatus)
	for pattern, h := range d.cfg.Routes {
		mux.Handle(pattern, h)
	}
	return mux
}

// driftBody is /drift: the JSON contract (whose "revision" is the file's
// revision the report is about) plus what a reader needs to trust it.
type driftBody struct {
	drift.JSONReport
	// ObservedAt is when the environment was observed; Stale says that a
	// pass has failed since, so the report may be out of date.
	ObservedAt time.Time `json:"observed_at"`
	Stale      bool      `json:"stale"`
	// LastPass is the latest pass, failed or not.
	LastPass passRecord `json:"last_pass"`
	// Source is the state of the source's latest revision: invalid, it
	// names the bad revision and every FILE:LINE:COL error.
	Source pass.SourceStatus `json:"source"`
	// LastError is the latest pass's error (kept from the first /drift).
	LastError string `json:"last_error,omitempty"`
}

func (d *Daemon) serveDrift(w http.ResponseWriter, _ *http.Request) {
	d.mu.RLock()
	s := d.state
	d.mu.RUnlock()
	if s.observed == nil {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusServiceUnavailable)
		_ = json.NewEncoder(w).Encode(struct {
			Error    string            `json:"error"`
			LastPass passRecord        `json:"last_pass"`
			Source   pass.SourceStatus `json:"source"`
		}{"no pass has observed the environment yet", s.last, s.source})
		return
	}
	report := s.observed.Report
	report.Revision = s.observed.Revision
	body := driftBody{
		JSONReport: drift.NewJSONReport(report),
		ObservedAt: s.observedAt.UTC(), Stale: !s.failingSince.IsZero(),
		LastPass: s.last, Source: s.source, LastError: s.last.Error,
	}
	w.Header().Set("Content-Type", "application/json")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(body)
}
