package e2e

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/everruns/reconciler/internal/cli"
)

// The daemon with image_policy digest: while the registry answers 429,
// passes succeed, change nothing, log the trouble and count it in
// reconciler_image_resolve_errors_total{workload="api"}, although the tag
// names a new image by then; once the registry answers again, that image
// rolls out at the next pass.
func TestDigestPolicyThroughTheDaemon(t *testing.T) {
	w := newECSWorld(t)
	useFake(t, w.f)
	reg := newDigestRegistry(t)
	first := reg.push(t, "example/api", "latest")
	path := digestPath(t, reg.host)
	scope := []string{"--target", "service", "--target", "task", "--poll-interval", poll}
	if code, out, errOut := reconciler(t.Context(), append([]string{"apply", "-f", path}, scope...)...); code != cli.ExitOK {
		t.Fatalf("apply: exit %d\n%s\n%s", code, out, errOut)
	}
	second := reg.push(t, "example/api", "latest")
	reg.throttle.Store(true)
	w.f.srv.ResetCalls()
	d := launchDaemon(t, append([]string{"-f", path, "--interval", "20ms"}, scope...)...)
	eventually(t, "two passes counting the trouble", func() bool {
		return metricAtLeast(d.metrics(t), `reconciler_image_resolve_errors_total{workload="api"}`, 2) &&
			metricAtLeast(d.metrics(t), `reconciler_passes_total{result="success"}`, 2)
	})
	if calls := w.f.srv.Calls(); calls["ecs:RegisterTaskDefinition"]+calls["ecs:UpdateService"] != 0 {
		t.Errorf("passes with a throttling registry changed the service: %v", calls)
	}
	if got := w.digestImage(t); !strings.HasSuffix(got, "@"+first) {
		t.Errorf("the task definition names %q, want the first digest kept", got)
	}
	if log := d.stderr.String(); !strings.Contains(log, "image not resolved") || !strings.Contains(log, "429 Too Many Requests") {
		t.Errorf("the log does not report the trouble:\n%s", log)
	}
	reg.throttle.Store(false)
	eventually(t, "the pushed image rolled out", func() bool { return strings.HasSuffix(w.digestImage(t), "@"+second) })
	if code := d.stop(); code != 0 {
		t.Errorf("daemon exit %d", code)
	}
}

// metricAtLeast says whether /metrics has series at a value ≥ min.
func metricAtLeast(body, series string, min float64) bool {
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(body)
	if m == nil {
		return false
	}
	v, err := strconv.ParseFloat(m[1], 64)
	return err == nil && v >= min
}
