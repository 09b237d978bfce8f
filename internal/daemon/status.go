package daemon

import (
	"net/http"

	"github.com/everruns/reconciler/internal/statuspage"
)

// serveStatus is GET /: the status page, built from the same observation
// as /drift.
func (d *Daemon) serveStatus(w http.ResponseWriter, _ *http.Request) {
	v := statuspage.Build(d.statusInput())
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	// The page loads nothing from anywhere: no script, no external asset.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
	if err := statuspage.Render(w, v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

func (d *Daemon) statusInput() statuspage.Input {
	d.mu.RLock()
	s := d.state
	d.mu.RUnlock()
	in := statuspage.Input{
		Stale: !s.failingSince.IsZero(), Source: s.source, Now: d.cfg.Now(),
		LastPass: statuspage.Pass{Result: s.last.Result, Mode: s.last.Mode, FinishedAt: s.last.FinishedAt, Error: s.last.Error},
	}
	if d.cfg.Incidents != nil {
		in.Incidents = d.cfg.Incidents()
	}
	if g, ok := d.cfg.Source.(interface{ URL() string }); ok {
		in.RepoURL = g.URL()
	}
	if o := s.observed; o != nil {
		in.Observed, in.Report, in.Resources = true, o.Report, o.Resources
		in.Revision, in.ObservedAt = o.Revision, s.observedAt
	}
	return in
}
