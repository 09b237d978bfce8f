package daemon

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/everruns/reconciler/internal/metrics"
	"github.com/everruns/reconciler/internal/pass"
	"github.com/everruns/reconciler/pkg/desired"
)

// reconciler_suspended and reconciler_frozen follow what each pass's file
// said, and /drift's last pass says why it only observed.
func TestRestraintGaugesAndDrift(t *testing.T) {
	m := metrics.New("t")
	d := newDaemon(t, Config{Metrics: m, Pass: func(context.Context, pass.Mode) (pass.Outcome, error) { return pass.Outcome{}, nil }})
	end := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	suspended := observed("r")
	suspended.Restraint = desired.Restraint{Suspended: true}
	d.record(suspended, nil, end, end)
	body := scrape(t, d.Handler(), "/metrics")
	if !strings.Contains(body, "reconciler_suspended 1") || !strings.Contains(body, "reconciler_frozen 0") {
		t.Errorf("suspended pass: /metrics lacks reconciler_suspended 1, reconciler_frozen 0:\n%s", grep(body, "reconciler_suspended", "reconciler_frozen"))
	}
	var doc struct {
		LastPass struct {
			Restraint string `json:"restraint"`
		} `json:"last_pass"`
	}
	if err := json.Unmarshal([]byte(scrape(t, d.Handler(), "/drift")), &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(doc.LastPass.Restraint, "suspended") {
		t.Errorf("/drift last_pass.restraint = %q; want it to say suspended", doc.LastPass.Restraint)
	}

	frozen := observed("r")
	frozen.Restraint = desired.Restraint{Frozen: true, Until: end.Add(time.Hour), Window: `"0 12 * * *"`}
	d.record(frozen, nil, end, end)
	if body := scrape(t, d.Handler(), "/metrics"); !strings.Contains(body, "reconciler_suspended 0") || !strings.Contains(body, "reconciler_frozen 1") {
		t.Errorf("frozen pass: %s", grep(body, "reconciler_suspended", "reconciler_frozen"))
	}
	overridden := frozen
	overridden.Restraint.Overridden = true
	d.record(overridden, nil, end, end)
	if body := scrape(t, d.Handler(), "/metrics"); !strings.Contains(body, "reconciler_frozen 0") {
		t.Errorf("overridden freeze: %s", grep(body, "reconciler_frozen"))
	}
}

func grep(body string, prefixes ...string) string {
	var out []string
	for _, l := range strings.Split(body, "\n") {
		for _, p := range prefixes {
			if strings.HasPrefix(l, p) {
				out = append(out, l)
			}
		}
	}
	return strings.Join(out, "\n")
}
