package reconcile

import (
	"context"
	"time"

	"github.com/everruns/reconciler/pkg/desired"
)

// Clock is the engine's only source of time, so that tests control it and
// never sleep for real.
type Clock interface {
	Now() time.Time
	// Sleep waits for d or until ctx is done, returning ctx.Err() then.
	Sleep(ctx context.Context, d time.Duration) error
}

// RealClock is the wall clock.
type RealClock struct{}

// Now returns time.Now().
func (RealClock) Now() time.Time { return time.Now() }

// Sleep waits d or until ctx is done.
func (RealClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// RetryPolicy bounds the retries of transient errors: Attempts calls in
// all, waiting Initial, then doubling up to Max, between them.
type RetryPolicy struct {
	Attempts int
	Initial  time.Duration
	Max      time.Duration
}

// Phase is a step of the engine's work on one resource, for progress.
type Phase string

const (
	PhaseObserve     Phase = "observe"
	PhaseCreate      Phase = "create"
	PhaseUpdate      Phase = "update"
	PhaseReplace     Phase = "replace"
	PhaseDelete      Phase = "delete"
	PhaseRetry       Phase = "retry"
	PhaseWait        Phase = "wait"
	PhaseReady       Phase = "ready"
	PhaseDone        Phase = "done"
	PhaseFailed      Phase = "failed"
	PhaseBlocked     Phase = "blocked"
	PhaseRefused     Phase = "refused"
	PhaseUnsupported Phase = "unsupported"
)

// Event is one step of progress. Message never holds a field value, so a
// secret cannot reach a log through it.
type Event struct {
	Time    time.Time
	Address desired.Address // empty for an event about a whole kind
	Kind    string
	Phase   Phase
	Message string
	Elapsed time.Duration // since the engine began on this resource or kind
}

// Option configures an Engine.
type Option func(*Engine)

// WithClock sets the clock used for waits, backoff and event times.
func WithClock(c Clock) Option { return func(e *Engine) { e.clock = c } }

// WithPollInterval sets how often a resource that is not ready is observed.
func WithPollInterval(d time.Duration) Option { return func(e *Engine) { e.poll = d } }

// WithReadyTimeout bounds the wait for one resource to become ready.
func WithReadyTimeout(d time.Duration) Option { return func(e *Engine) { e.readyTimeout = d } }

// WithParallelism bounds how many resources are acted on at once.
func WithParallelism(n int) Option {
	return func(e *Engine) {
		if n > 0 {
			e.parallelism = n
		}
	}
}

// WithProgress sets the sink of progress events. It is called from many
// goroutines at once and must be safe for that.
func WithProgress(f func(Event)) Option { return func(e *Engine) { e.progress = f } }

// WithRetry sets the retry policy of transient errors.
func WithRetry(p RetryPolicy) Option { return func(e *Engine) { e.retry = p } }

// WithClassifier sets how errors no adapter marked are classified.
func WithClassifier(c Classifier) Option { return func(e *Engine) { e.classifier = c } }
