package daemon

import (
	"encoding/json"
	"net/http"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/everruns/reconciler/internal/metrics"
	"github.com/everruns/reconciler/pkg/drift"
)

// Handler serves the daemon's endpoints:
//
//	/metrics  Prometheus metrics
//	/healthz  200 while the process runs
//	/readyz   200 once a pass has observed the whole environment, else 503
//	/drift    the last pass's report as JSON (the diff -o json contract)
func (d *Daemon) Handler() http.Handler {
	mux := http.NewServeMux()
	if d.cfg.Metrics != nil {
		mux.Handle("GET /metrics", promhttp.HandlerFor(d.cfg.Metrics.Registry, promhttp.HandlerOpts{}))
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		d.mu.RLock()
		ready := d.ready
		d.mu.RUnlock()
		if !ready {
			http.Error(w, "not ready: no complete observation yet", http.StatusServiceUnavailable)
			return
		}
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /drift", func(w http.ResponseWriter, r *http.Request) {
		d.mu.RLock()
		last, lastErr := d.last, d.lastErr
		d.mu.RUnlock()
		if last == nil {
			http.Error(w, "no pass has completed yet", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		body := struct {
			drift.JSONReport
			LastError string `json:"last_error,omitempty"`
		}{JSONReport: drift.NewJSONReport(last.Report)}
		if lastErr != nil {
			body.LastError = lastErr.Error()
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		_ = enc.Encode(body)
	})
	return mux
}

func setGauges(m *metrics.Metrics, out Outcome) {
	m.Managed.Reset()
	for kind, n := range out.Managed {
		m.Managed.WithLabelValues(kind).Set(float64(n))
	}
	m.Drifted.Reset()
	for kind, n := range out.Drifted {
		m.Drifted.WithLabelValues(kind).Set(float64(n))
	}
}

func pendingChanges(r drift.Report) int {
	n := 0
	for _, c := range r.Changes {
		if c.Action != drift.ActionNone {
			n++
		}
	}
	return n
}
