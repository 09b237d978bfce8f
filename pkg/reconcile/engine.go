// Package reconcile is the engine: it observes the environment through one
// adapter per kind, plans the changes with pkg/drift, and carries them out
// in dependency order. It knows nothing of AWS; adapters are injected.
package reconcile

import (
	"time"

	"github.com/everruns/reconciler/pkg/desired"
)

// Engine plans and applies one environment's resources. It holds no state
// between calls and is safe for concurrent use.
type Engine struct {
	kinds        map[string]Kind
	clock        Clock
	poll         time.Duration
	readyTimeout time.Duration
	parallelism  int
	progress     func(Event)
	retry        RetryPolicy
	classifier   Classifier
}

// New returns an engine over kinds (adapter by kind name, as in
// desired.Resource.Kind). Defaults: wall clock, 5 s polls, 15 min readiness
// timeout (a NAT gateway takes minutes), 4 resources at once, 5 attempts
// backing off from 1 s to 20 s.
func New(kinds map[string]Kind, opts ...Option) *Engine {
	e := &Engine{
		kinds:        kinds,
		clock:        RealClock{},
		poll:         5 * time.Second,
		readyTimeout: 15 * time.Minute,
		parallelism:  4,
		retry:        RetryPolicy{Attempts: 5, Initial: time.Second, Max: 20 * time.Second},
	}
	for _, o := range opts {
		o(e)
	}
	return e
}

// emit sends an event to the progress sink, if any.
func (e *Engine) emit(addr desired.Address, kind string, phase Phase, since time.Time, msg string) {
	if e.progress == nil {
		return
	}
	now := e.clock.Now()
	e.progress(Event{Time: now, Address: addr, Kind: kind, Phase: phase, Message: msg, Elapsed: now.Sub(since)})
}
