package lease

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap/zaptest"

	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

const testTable = "reconciler-lease"

// world is a fake DynamoDB, a clock shared by every replica, and the
// replicas, stepped as Run would step them: each at the time its last step
// asked for, in order of time. It checks after every step that at most one
// replica holds the lease.
type world struct {
	t      *testing.T
	fake   *fakeaws.Server
	client *dynamodb.Client
	clock  *manualClock
	next   map[*Lease]time.Time // replicas alive, and when each steps next
}

func newWorld(t *testing.T) *world {
	t.Helper()
	fake, cfg := fakeawstest.Start(t)
	w := &world{t: t, fake: fake, client: dynamodb.NewFromConfig(cfg), clock: newManualClock(), next: map[*Lease]time.Time{}}
	return w
}

// replica adds a lease over api (default: the world's client) that steps
// from now on.
func (w *world) replica(name string, api API) *Lease {
	w.t.Helper()
	if api == nil {
		api = w.client
	}
	l, err := New(api, testTable, WithIdentity(name), WithClock(w.clock), WithRegisterer(prometheus.NewRegistry()), WithLogger(zaptest.NewLogger(w.t)))
	if err != nil {
		w.t.Fatal(err)
	}
	if err := l.EnsureTable(w.t.Context()); err != nil {
		w.t.Fatal(err)
	}
	w.next[l] = w.clock.Now()
	return l
}

// kill stops stepping l without releasing: the process died.
func (w *world) kill(l *Lease) { delete(w.next, l) }

// run steps the replicas until the clock reaches until or done returns true.
func (w *world) run(until time.Time, done func() bool) {
	w.t.Helper()
	for !done() {
		l, at := w.earliest()
		if l == nil || at.After(until) {
			w.clock.AdvanceTo(until)
			w.checkOneHolder()
			return
		}
		w.clock.AdvanceTo(at)
		w.checkOneHolder() // Held may have lapsed on its own
		w.next[l] = at.Add(l.step(w.t.Context()))
		w.checkOneHolder()
	}
}

func (w *world) earliest() (*Lease, time.Time) {
	var first *Lease
	var at time.Time
	for l, t := range w.next {
		if first == nil || t.Before(at) || (t.Equal(at) && l.holder < first.holder) {
			first, at = l, t
		}
	}
	return first, at
}

func (w *world) holders() []*Lease {
	var out []*Lease
	for l := range w.next {
		if l.Held() {
			out = append(out, l)
		}
	}
	return out
}

func (w *world) checkOneHolder() {
	w.t.Helper()
	if h := w.holders(); len(h) > 1 {
		w.t.Fatalf("at %s %d replicas hold the lease", w.clock.Now().Format(time.TimeOnly), len(h))
	}
}

func (w *world) after(d time.Duration) time.Time { return w.clock.Now().Add(d) }

func fired(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// partitioned is an API whose writes fail as a replica cut off from
// DynamoDB sees them: while cut, they never arrive; while lostReplies, they
// land but the answer is lost.
type partitioned struct {
	API
	cut, lostReplies atomic.Bool
}

func (p *partitioned) UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	if p.cut.Load() {
		return nil, context.DeadlineExceeded
	}
	out, err := p.API.UpdateItem(ctx, in, opts...)
	if p.lostReplies.Load() {
		return nil, context.DeadlineExceeded
	}
	return out, err
}
