package daemon

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/metrics"
	"github.com/everruns/reconciler/pkg/drift"
)

// waitFor receives from ch or fails the test after a generous deadline; it
// polls nothing and asserts no timing.
func waitFor[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}

func newDaemon(t *testing.T, cfg Config) *Daemon {
	t.Helper()
	if cfg.Logger == nil {
		cfg.Logger = zap.NewNop()
	}
	if cfg.Interval == 0 {
		cfg.Interval = time.Hour
	}
	d, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return d
}

func TestRunPassesAtStartAndWhenTheFileChanges(t *testing.T) {
	path := filepath.Join(t.TempDir(), "environment.yaml")
	if err := os.WriteFile(path, []byte("a"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	passes := make(chan int, 10)
	var n atomic.Int32
	d := newDaemon(t, Config{
		Changes: WatchFile(ctx, path, 5*time.Millisecond),
		Pass: func(ctx context.Context) (Outcome, error) {
			passes <- int(n.Add(1))
			return Outcome{Observed: true}, nil
		},
	})
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()

	waitFor(t, passes, "the pass at start")
	if err := os.WriteFile(path, []byte("b"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := waitFor(t, passes, "a pass after the file changed"); got != 2 {
		t.Errorf("pass number %d after the change, want 2", got)
	}
	cancel()
	if err := waitFor(t, done, "Run to return"); err != nil {
		t.Errorf("Run = %v, want nil on shutdown", err)
	}
}

func TestFailedPassIsRetriedWithBackoffAndCounted(t *testing.T) {
	m := metrics.New("test")
	passes := make(chan error, 10)
	var n atomic.Int32
	d := newDaemon(t, Config{
		Metrics:    m,
		MinBackoff: time.Millisecond,
		Pass: func(ctx context.Context) (Outcome, error) {
			var err error
			if n.Add(1) == 1 {
				err = errors.New("throttled")
			}
			passes <- err
			return Outcome{Observed: err == nil}, err
		},
	})
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go func() { _ = d.Run(ctx) }()

	if err := waitFor(t, passes, "first pass"); err == nil {
		t.Fatal("first pass should fail")
	}
	// With an hour's interval, only the backoff can bring a second pass.
	if err := waitFor(t, passes, "retry after backoff"); err != nil {
		t.Fatalf("retry failed: %v", err)
	}
	cancel()
	body := scrape(t, d.Handler(), "/metrics")
	for _, want := range []string{`reconciler_passes_total{result="error"} 1`, `reconciler_passes_total{result="success"} 1`} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

func TestShutdownLetsThePassFinishWithinGrace(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	var passErr atomic.Value
	d := newDaemon(t, Config{
		Grace: time.Hour,
		Pass: func(ctx context.Context) (Outcome, error) {
			close(started)
			<-release
			passErr.Store(ctx.Err() == nil)
			return Outcome{}, nil
		},
	})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	waitFor(t, started, "pass start")
	cancel() // SIGTERM
	close(release)
	if err := waitFor(t, done, "Run to return"); err != nil {
		t.Fatalf("Run = %v", err)
	}
	if passErr.Load() != true {
		t.Error("the pass's context was cancelled although the grace period had not run out")
	}
}

func TestShutdownCancelsAPassThatOutlivesGrace(t *testing.T) {
	started := make(chan struct{})
	d := newDaemon(t, Config{
		Grace: time.Millisecond,
		Pass: func(ctx context.Context) (Outcome, error) {
			close(started)
			<-ctx.Done() // a pass that only stops when cancelled
			return Outcome{}, ctx.Err()
		},
	})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	waitFor(t, started, "pass start")
	cancel()
	if err := waitFor(t, done, "Run to return after the grace period"); err != nil {
		t.Fatalf("Run = %v", err)
	}
}

func TestEndpoints(t *testing.T) {
	report := drift.Report{Environment: "production", Changes: []drift.Change{
		{Address: "network.vpc", Kind: "ec2.vpc", Action: drift.ActionUpdate,
			Fields: []drift.FieldChange{{Path: "enable_dns_hostnames", Desired: true, Live: false}}},
	}}
	d := newDaemon(t, Config{
		Metrics: metrics.New("v1.2.3"),
		Pass: func(ctx context.Context) (Outcome, error) {
			return Outcome{Report: report, Observed: true,
				Managed: map[string]int{"ec2.vpc": 1}, Drifted: map[string]int{"ec2.vpc": 1}}, nil
		},
	})
	h := d.Handler()
	if code := status(t, h, "/readyz"); code != http.StatusServiceUnavailable {
		t.Errorf("/readyz before any pass = %d, want 503", code)
	}
	if code := status(t, h, "/healthz"); code != http.StatusOK {
		t.Errorf("/healthz = %d, want 200", code)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go func() { _ = d.Run(ctx) }()
	// Ready comes after the first observed pass is recorded; poll for it
	// with a deadline.
	deadline := time.Now().Add(10 * time.Second)
	for status(t, h, "/readyz") != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatal("/readyz never became 200 after an observed pass")
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	var got struct {
		Environment string `json:"environment"`
		Changes     []struct {
			Address string `json:"address"`
			Action  string `json:"action"`
		} `json:"changes"`
	}
	if err := json.Unmarshal([]byte(scrape(t, h, "/drift")), &got); err != nil {
		t.Fatalf("/drift is not JSON: %v", err)
	}
	if got.Environment != "production" || len(got.Changes) != 1 || got.Changes[0].Address != "network.vpc" || got.Changes[0].Action != "update" {
		t.Errorf("/drift = %+v", got)
	}
	body := scrape(t, h, "/metrics")
	for _, want := range []string{
		`reconciler_passes_total{result="drift"} 1`,
		`reconciler_managed_resources{kind="ec2.vpc"} 1`,
		`reconciler_drifted_resources{kind="ec2.vpc"} 1`,
		`reconciler_build_info{goversion=`,
		`reconciler_pass_duration_seconds_count 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

func status(t *testing.T, h http.Handler, path string) int {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code
}

func scrape(t *testing.T, h http.Handler, path string) string {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}

func TestBackoffDoublesUpToTheMaximum(t *testing.T) {
	for failures, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 10: 5 * time.Second} {
		if got := backoff(time.Second, 5*time.Second, failures); got != want {
			t.Errorf("backoff after %d failures = %v, want %v", failures, got, want)
		}
	}
}
