package daemon

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/everruns/reconciler/internal/metrics"
	"github.com/everruns/reconciler/internal/pass"
	"github.com/everruns/reconciler/pkg/desired"
)

// promtool is Prometheus's own checker (Debian's prometheus package; .ci/run
// installs it). Without it the test is skipped on a developer's machine and
// fails in CI, where a silent skip would hide a broken /metrics.
func promtool(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("promtool")
	if err == nil {
		return path
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("promtool not found: install Debian's prometheus package (.ci/run does)")
	}
	t.Skip("promtool not found: apt-get install prometheus to check /metrics and the README's alert rules")
	return ""
}

func runPromtool(t *testing.T, stdin []byte, args ...string) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), promtool(t), args...)
	cmd.Stdin = bytes.NewReader(stdin)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// A scrape of a daemon that has passed once, with every kind of series
// present (AWS calls, a certificate, rollouts), passes promtool's lint,
// and no metric uses the label "service", which the Prometheus Operator
// sets on every series it scrapes (the Kubernetes Service's name).
func TestMetricsPassPromtool(t *testing.T) {
	m := metrics.New("v1.2.3")
	m.AWSCalls.WithLabelValues("ec2", "DescribeVpcs", "").Inc()
	m.AWSLatency.WithLabelValues("ec2", "DescribeVpcs").Observe(0.02)
	m.AWSRetries.WithLabelValues("ec2").Inc()
	m.ImageResolveErrors.WithLabelValues("api").Inc()
	m.SetRollouts(metrics.RolloutCounts{
		Totals: func() map[[2]string]int { return map[[2]string]int{{"everruns-api", "succeeded"}: 1} },
		Failed: func() map[string]string { return map[string]string{"everruns-api": "everruns-api:3"} },
	})
	out := observed("sha256:abc")
	out.Resources = map[desired.Address]pass.Resource{"certificate.main": {Kind: "acm.certificate",
		Attrs: map[string]string{"validation_record_names": "_a.example.com.", "not_after": "2030-01-01T00:00:00Z"}}}
	passes := make(chan struct{}, 1)
	d := newDaemon(t, Config{Metrics: m, Pass: func(context.Context, pass.Mode) (pass.Outcome, error) {
		defer func() { passes <- struct{}{} }()
		return out, nil
	}})
	start(t, d)
	waitFor(t, passes, "the first pass")
	eventually(t, "the pass recorded", func() bool {
		return strings.Contains(scrape(t, d.Handler(), "/metrics"), `reconciler_passes_total{result="success"} 1`)
	})

	body := scrape(t, d.Handler(), "/metrics")
	if loc := regexp.MustCompile(`[{,]service="`).FindStringIndex(body); loc != nil {
		t.Errorf("a series has the label service: %s", body[max(0, loc[0]-80):min(len(body), loc[1]+40)])
	}
	for _, want := range []string{`reconciler_passes_total{result="error"} 0`, `reconciler_passes_total{result="drift"} 0`,
		`reconciler_aws_retries_total{aws_service="ec2"} 1`, `reconciler_rollouts_total{ecs_service="everruns-api",result="succeeded"} 1`} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	runPromtool(t, []byte(body), "check", "metrics")
}

// The README's example alert rules are valid Prometheus rules.
func TestREADMEAlertRulesPassPromtool(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile("(?s)```yaml\n(groups:\n.*?)```").FindSubmatch(readme)
	if block == nil {
		t.Fatal("README.md has no ```yaml block starting with groups:")
	}
	rules := string(block[1])
	for _, want := range []string{"reconciler_source_valid == 0", "reconciler_oldest_drift_age_seconds"} {
		if !strings.Contains(rules, want) {
			t.Errorf("the README's rules have no alert on %s", want)
		}
	}
	file := filepath.Join(t.TempDir(), "rules.yaml")
	if err := os.WriteFile(file, block[1], 0o600); err != nil {
		t.Fatal(err)
	}
	runPromtool(t, nil, "check", "rules", file)
}
