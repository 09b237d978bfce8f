package reconcile

import (
	"context"
	"slices"
	"sync"

	"github.com/everruns/reconciler/pkg/desired"
)

// A pass is one observation of the environment (Plan, and the
// verification after acting). Reads that several kinds need, across
// adapter packages (the tags of every resource from one tagging call, a
// database instance read by the instance and by its secret's kind), are
// made once per pass through Shared: kept for the pass, never across
// passes, so nothing a pass compares is older than the pass.
type passKey struct{}

type pass struct {
	mu    sync.Mutex
	reads map[string]*passRead
	// wanted is the file's resources by kind, nil when the engine did not
	// say (WithPassWanting).
	wanted map[string][]desired.Resource
}

type passRead struct {
	done chan struct{}
	val  any
	err  error
}

// WithPass is ctx carrying a new pass's shared reads. The engine begins
// one for every Plan and verification; tests of adapters begin their own.
func WithPass(ctx context.Context) context.Context {
	return context.WithValue(ctx, passKey{}, &pass{reads: map[string]*passRead{}})
}

// WithPassWanting is WithPass for a pass over the file's resources: the
// kinds of the pass can ask which resources of theirs the file wants
// (Wanted). The engine begins every Plan and verification so.
func WithPassWanting(ctx context.Context, resources []desired.Resource) context.Context {
	wanted := map[string][]desired.Resource{}
	for _, r := range resources {
		wanted[r.Kind] = append(wanted[r.Kind], r)
	}
	return context.WithValue(ctx, passKey{}, &pass{reads: map[string]*passRead{}, wanted: wanted})
}

// Wanted is the resources of kind the file of ctx's pass holds (all of
// the file's, whatever the targets: a kind observes the whole
// environment), as the file writes them (references unresolved). False
// outside a pass, or in a pass whose resources the engine did not give:
// then nothing can be said of what the file wants, not even "none". A
// kind may read fewer things when it knows what the file wants (a
// listing skipped when the tagging index names every wanted resource),
// never conclude that something wanted is missing from it.
func Wanted(ctx context.Context, kind string) ([]desired.Resource, bool) {
	p, ok := ctx.Value(passKey{}).(*pass)
	if !ok || p.wanted == nil {
		return nil, false
	}
	return slices.Clone(p.wanted[kind]), true
}

// Shared returns fn's result for key, read at most once per pass: the
// first caller reads, callers asking meanwhile wait for it, later callers
// get the kept answer. A failed read is not kept (a retry reads again).
// Outside a pass (a kind observed alone, while waiting after a change) it
// just calls fn.
func Shared[T any](ctx context.Context, key string, fn func(context.Context) (T, error)) (T, error) {
	p, ok := ctx.Value(passKey{}).(*pass)
	if !ok {
		return fn(ctx)
	}
	p.mu.Lock()
	r, found := p.reads[key]
	if !found {
		r = &passRead{done: make(chan struct{})}
		p.reads[key] = r
	}
	p.mu.Unlock()
	if found {
		select {
		case <-r.done:
		case <-ctx.Done():
			var zero T
			return zero, ctx.Err()
		}
		if r.err != nil {
			var zero T
			return zero, r.err
		}
		return r.val.(T), nil
	}
	v, err := fn(ctx)
	r.val, r.err = v, err
	if err != nil {
		p.mu.Lock()
		delete(p.reads, key)
		p.mu.Unlock()
	}
	close(r.done)
	return v, err
}

// InPass says whether ctx is a pass's: a read kept for the pass is only
// worth making there.
func InPass(ctx context.Context) bool {
	_, ok := ctx.Value(passKey{}).(*pass)
	return ok
}

type actingKey struct{}

// Acting says whether ctx is an Apply's, whose passes may lead to
// changes, as opposed to a Plan alone (diff), which must write nothing.
// An adapter may then write bookkeeping it learnt while observing (what a
// secret version was checked to hold), so that later reads, diff's
// included, need not learn it again.
func Acting(ctx context.Context) bool {
	_, ok := ctx.Value(actingKey{}).(bool)
	return ok
}

// WithActing marks ctx as an Apply's (the engine does it; tests of
// adapters mark their own).
func WithActing(ctx context.Context) context.Context {
	return context.WithValue(ctx, actingKey{}, true)
}
