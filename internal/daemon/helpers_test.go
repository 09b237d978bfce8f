package daemon

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/pass"
	"github.com/everruns/reconciler/internal/source"
)

// waitFor receives from ch or fails the test after a generous deadline; it
// asserts no timing.
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

// eventually polls cond with a deadline.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
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

// start runs d until the test ends; the returned channel gets Run's error.
func start(t *testing.T, d *Daemon) (context.CancelFunc, <-chan error) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	t.Cleanup(cancel)
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	return cancel, done
}

// chanSource is a source whose changes the test sends.
type chanSource struct{ ch chan struct{} }

func (c chanSource) Fetch(context.Context) (source.Snapshot, error) { return source.Snapshot{}, nil }
func (c chanSource) Watch(context.Context) <-chan struct{}          { return c.ch }

// fakeLease is a lease the test holds or loses.
type fakeLease struct {
	held    chan bool // current value in a buffer of one
	changed chan struct{}
}

func newFakeLease(held bool) *fakeLease {
	l := &fakeLease{held: make(chan bool, 1), changed: make(chan struct{}, 1)}
	l.held <- held
	return l
}

func (l *fakeLease) Held() bool { v := <-l.held; l.held <- v; return v }

func (l *fakeLease) Changed() <-chan struct{} { return l.changed }

func (l *fakeLease) set(v bool) {
	<-l.held
	l.held <- v
	l.changed <- struct{}{}
}

// observed is the outcome of a pass that observed the environment.
func observed(revision string) pass.Outcome {
	return pass.Outcome{Observed: true, Revision: revision, Mode: pass.Act,
		Source:  pass.SourceStatus{Valid: true, Revision: revision},
		Managed: map[string]int{"ec2.vpc": 1}, Drifted: map[string]int{}}
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

func httpPost(t *testing.T, h http.Handler, path string) int {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, path, nil))
	return rec.Code
}

// healthz asks /healthz of addr through client: nil for a 200.
func healthz(client *http.Client, addr string) error {
	resp, err := client.Get("http://" + addr + "/healthz")
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("/healthz = %d", resp.StatusCode)
	}
	return nil
}
