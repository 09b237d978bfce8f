package daemon

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/everruns/reconciler/internal/metrics"
	"github.com/everruns/reconciler/internal/pass"
	"github.com/everruns/reconciler/pkg/reconcile"
)

func TestRunPassesAtStartAndWhenTheSourceChanges(t *testing.T) {
	src := chanSource{ch: make(chan struct{}, 1)}
	passes := make(chan int, 10)
	var n atomic.Int32
	d := newDaemon(t, Config{Source: src, Pass: func(context.Context, pass.Mode) (pass.Outcome, error) {
		passes <- int(n.Add(1))
		return observed("r"), nil
	}})
	cancel, done := start(t, d)
	waitFor(t, passes, "the pass at start")
	src.ch <- struct{}{}
	if got := waitFor(t, passes, "a pass after the source changed"); got != 2 {
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
	d := newDaemon(t, Config{Metrics: m, MinBackoff: time.Millisecond,
		Pass: func(context.Context, pass.Mode) (pass.Outcome, error) {
			if n.Add(1) == 1 {
				passes <- errors.New("throttled")
				return pass.Outcome{}, errors.New("throttled")
			}
			passes <- nil
			return observed("r"), nil
		}})
	start(t, d)
	if err := waitFor(t, passes, "first pass"); err == nil {
		t.Fatal("first pass should fail")
	}
	// With an hour's interval, only the backoff can bring a second pass.
	if err := waitFor(t, passes, "retry after backoff"); err != nil {
		t.Fatalf("retry failed: %v", err)
	}
	eventually(t, "both passes counted", func() bool {
		body := scrape(t, d.Handler(), "/metrics")
		return strings.Contains(body, `reconciler_passes_total{result="error"} 1`) &&
			strings.Contains(body, `reconciler_passes_total{result="success"} 1`)
	})
}

// A burst of triggers during a pass brings exactly one more pass, and
// Trigger never blocks its caller.
func TestTriggersCoalesce(t *testing.T) {
	started, release := make(chan int, 10), make(chan struct{})
	var n atomic.Int32
	d := newDaemon(t, Config{Pass: func(context.Context, pass.Mode) (pass.Outcome, error) {
		started <- int(n.Add(1))
		<-release
		return observed("r"), nil
	}})
	start(t, d)
	waitFor(t, started, "the pass at start")
	for range 100 {
		d.Trigger("webhook")
	}
	release <- struct{}{}
	if got := waitFor(t, started, "the pass the burst asked for"); got != 2 {
		t.Fatalf("pass %d after the burst, want 2", got)
	}
	if pending := len(d.trigger); pending != 0 {
		t.Errorf("%d triggers still pending after the burst's pass started, want 0", pending)
	}
	close(release)
}

// A push during a pass arrives twice, as a trigger and as a change of the
// source; the one pass after it answers both. Left pending, the other
// would make a third pass with nothing to do, in front of the next push.
func TestTriggerAndChangeDuringAPassAreOnePass(t *testing.T) {
	src := chanSource{ch: make(chan struct{}, 1)}
	started, release := make(chan int, 10), make(chan struct{})
	var n atomic.Int32
	d := newDaemon(t, Config{Source: src, Pass: func(context.Context, pass.Mode) (pass.Outcome, error) {
		started <- int(n.Add(1))
		<-release
		return observed("r"), nil
	}})
	start(t, d)
	waitFor(t, started, "the pass at start")
	d.Trigger("webhook")
	src.ch <- struct{}{}
	release <- struct{}{}
	if got := waitFor(t, started, "the pass the push asked for"); got != 2 {
		t.Fatalf("pass %d after the push, want 2", got)
	}
	if len(d.trigger) != 0 || len(src.ch) != 0 {
		t.Errorf("still pending once the push's pass started: %d triggers, %d changes; want none",
			len(d.trigger), len(src.ch))
	}
	close(release)
}

func TestShutdownLetsThePassFinishWithinGrace(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	var cancelled atomic.Bool
	d := newDaemon(t, Config{Grace: time.Hour, Pass: func(ctx context.Context, _ pass.Mode) (pass.Outcome, error) {
		close(started)
		<-release
		cancelled.Store(ctx.Err() != nil)
		return pass.Outcome{}, nil
	}})
	cancel, done := start(t, d)
	waitFor(t, started, "pass start")
	cancel() // SIGTERM
	close(release)
	if err := waitFor(t, done, "Run to return"); err != nil {
		t.Fatalf("Run = %v", err)
	}
	if cancelled.Load() {
		t.Error("the pass's context was cancelled although the grace period had not run out")
	}
}

// A pass cancelled at the grace limit may have left work half done: Run
// says so, and the command exits non-zero.
func TestShutdownCancelsAPassThatOutlivesGrace(t *testing.T) {
	started := make(chan struct{})
	d := newDaemon(t, Config{Grace: time.Millisecond, Pass: func(ctx context.Context, _ pass.Mode) (pass.Outcome, error) {
		close(started)
		<-ctx.Done() // a pass that only stops when cancelled
		return pass.Outcome{}, ctx.Err()
	}})
	cancel, done := start(t, d)
	waitFor(t, started, "pass start")
	cancel()
	if err := waitFor(t, done, "Run to return after the grace period"); !errors.Is(err, ErrGraceExceeded) {
		t.Fatalf("Run = %v, want ErrGraceExceeded", err)
	}
}

func TestBackoffDoublesUpToTheMaximum(t *testing.T) {
	for failures, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 10: 5 * time.Second} {
		if got := backoff(time.Second, 5*time.Second, failures); got != want {
			t.Errorf("backoff after %d failures = %v, want %v", failures, got, want)
		}
	}
}

func TestNonPositiveIntervalIsRefused(t *testing.T) {
	if _, err := New(Config{Interval: 0, Pass: func(context.Context, pass.Mode) (pass.Outcome, error) { return pass.Outcome{}, nil }}); err == nil {
		t.Error("New accepted a zero interval")
	}
}

// A --target under which nothing exists is a mistake that no later pass
// can mend by itself: the daemon refuses to run rather than retry for
// ever looking unready.
func TestTargetMatchingNothingStopsTheDaemonAtStart(t *testing.T) {
	d := newDaemon(t, Config{Pass: func(context.Context, pass.Mode) (pass.Outcome, error) {
		return pass.Outcome{}, fmt.Errorf("plan: target %q: %w", "nosuch", reconcile.ErrTargetMatchesNothing)
	}, MinBackoff: time.Millisecond})
	_, done := start(t, d)
	if err := waitFor(t, done, "Run to refuse the target"); !errors.Is(err, reconcile.ErrTargetMatchesNothing) {
		t.Fatalf("Run = %v, want ErrTargetMatchesNothing", err)
	}
}
