package reconcile

import (
	"context"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
)

// TestSharedReadsOncePerPass: two kinds of one pass that need the same
// read (asked at different moments) make one call; the next pass reads
// again, so nothing is kept across passes.
func TestSharedReadsOncePerPass(t *testing.T) {
	var calls atomic.Int32
	read := func(ctx context.Context) (map[desired.Address]Live, error) {
		_, err := Shared(ctx, "listing", func(context.Context) (int32, error) { return calls.Add(1), nil })
		return nil, err
	}
	kinds := map[string]Kind{"a.x": KindFns{ObserveFn: func(ctx context.Context, _ desired.Identity) (map[desired.Address]Live, error) { return read(ctx) }},
		"b.y": KindFns{ObserveFn: func(ctx context.Context, _ desired.Identity) (map[desired.Address]Live, error) { return read(ctx) }}}
	e := New(kinds)
	for pass := 1; pass <= 2; pass++ {
		if _, err := e.Plan(t.Context(), desired.Identity{Project: "p", Environment: "e"}, nil, nil); err != nil {
			t.Fatal(err)
		}
		if got := calls.Load(); got != int32(pass) {
			t.Fatalf("after pass %d: %d reads, want %d (one per pass)", pass, got, pass)
		}
	}
}

// TestSharedDoesNotKeepAFailure: a failed read is read again by the next
// caller of the pass (the engine's retry), not answered from a kept error.
func TestSharedDoesNotKeepAFailure(t *testing.T) {
	ctx := WithPass(t.Context())
	fail := errors.New("throttled")
	if _, err := Shared(ctx, "k", func(context.Context) (int, error) { return 0, fail }); !errors.Is(err, fail) {
		t.Fatalf("first read: %v, want the failure", err)
	}
	v, err := Shared(ctx, "k", func(context.Context) (int, error) { return 7, nil })
	if err != nil || v != 7 {
		t.Fatalf("second read: %d, %v; want it read again", v, err)
	}
	if v, _ := Shared(ctx, "k", func(context.Context) (int, error) { return 8, nil }); v != 7 {
		t.Fatalf("third read: %d, want the kept 7", v)
	}
}

// summaryKind observes one resource as a summary (a digest, no fields) and
// completes it from want when the digest is want's, else by a read.
type summaryKind struct {
	KindFns
	reads atomic.Int32
}

func (k *summaryKind) Complete(_ context.Context, want desired.Resource, live Live) (Live, error) {
	if live.Fields != nil {
		return live, nil
	}
	if want.Fields["image"] == live.Attrs["digest"] {
		live.Fields = want.Fields
		return live, nil
	}
	k.reads.Add(1)
	live.Fields = map[string]any{"image": live.Attrs["digest"]}
	return live, nil
}

func TestPlanCompletesSummaries(t *testing.T) {
	k := &summaryKind{}
	k.ObserveFn = func(context.Context, desired.Identity) (map[desired.Address]Live, error) {
		return map[desired.Address]Live{"app.def": {ID: "def:1", Attrs: map[string]string{"digest": "v1"}, Ready: true}}, nil
	}
	e := New(map[string]Kind{"ecs.def": k})
	id := desired.Identity{Project: "p", Environment: "e"}
	for _, tc := range []struct {
		image string
		want  drift.Action
		reads int32
	}{{"v1", drift.ActionNone, 0}, {"v2", drift.ActionUpdate, 1}} {
		p, err := e.Plan(t.Context(), id, []desired.Resource{res("app.def", "ecs.def", map[string]any{"image": tc.image})}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := actions(p)["app.def"]; got != tc.want {
			t.Errorf("image %s: %s, want %s", tc.image, got, tc.want)
		}
		if got := k.reads.Load(); got != tc.reads {
			t.Errorf("image %s: %d reads, want %d (read only when the digest differs)", tc.image, got, tc.reads)
		}
		if f := p.Observed["app.def"].Fields; f == nil {
			t.Errorf("image %s: the plan kept the summary, not the completed live", tc.image)
		}
	}
}

// Apply's passes are acting; Plan's (diff) are not, so an adapter writes
// no bookkeeping during a diff.
func TestOnlyApplyIsActing(t *testing.T) {
	var seen []bool
	k := KindFns{ObserveFn: func(ctx context.Context, _ desired.Identity) (map[desired.Address]Live, error) {
		seen = append(seen, Acting(ctx))
		return nil, nil
	}}
	e := New(map[string]Kind{"a.x": k})
	id := desired.Identity{Project: "p", Environment: "e"}
	if _, err := e.Plan(t.Context(), id, nil, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Apply(t.Context(), id, nil, ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 2 || seen[0] || !seen[1] {
		t.Errorf("acting per observe %v, want [false true] (Plan, then Apply)", seen)
	}
}

// wantedSeen records, per Observe of kind, what Wanted answered.
type wantedSeen struct {
	mu   sync.Mutex
	seen [][]desired.Address // nil entry: Wanted said false
}

func (w *wantedSeen) observe(kind string) func(ctx context.Context, _ desired.Identity) (map[desired.Address]Live, error) {
	return func(ctx context.Context, _ desired.Identity) (map[desired.Address]Live, error) {
		rs, ok := Wanted(ctx, kind)
		var addrs []desired.Address
		if ok {
			addrs = []desired.Address{}
			for _, r := range rs {
				addrs = append(addrs, r.Address)
			}
			slices.Sort(addrs)
		}
		w.mu.Lock()
		defer w.mu.Unlock()
		w.seen = append(w.seen, addrs)
		return nil, nil
	}
}

// Every Plan and verification tells its kinds the file's resources of
// their kind, the whole file's whatever the targets (an observation is
// of the whole environment); outside a pass, or in a pass begun without
// the file, Wanted says it cannot tell.
func TestPassesSayWhatTheFileWants(t *testing.T) {
	seen := &wantedSeen{}
	var created atomic.Int32
	k := KindFns{ObserveFn: seen.observe("a.x"),
		CreateFn: func(context.Context, desired.Identity, desired.Resource) (Live, error) {
			created.Add(1)
			return Live{ID: "x", Ready: true}, nil
		}}
	other := KindFns{}
	e := New(map[string]Kind{"a.x": k, "b.y": other})
	id := desired.Identity{Project: "p", Environment: "e"}
	file := []desired.Resource{res("x.two", "a.x", nil), res("x.one", "a.x", nil), res("y.one", "b.y", nil)}
	if _, err := e.Plan(t.Context(), id, file, []string{"x.one"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Apply(t.Context(), id, file[:2], ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	if created.Load() != 2 {
		t.Fatalf("%d creates, want 2 (the verification must observe again)", created.Load())
	}
	want := [][]desired.Address{{"x.one", "x.two"}, {"x.one", "x.two"}, {"x.one", "x.two"}}
	if !slices.EqualFunc(seen.seen, want, slices.Equal) {
		t.Errorf("Wanted per observe %v, want %v (plan with targets, apply's plan, its verification)", seen.seen, want)
	}

	if _, ok := Wanted(t.Context(), "a.x"); ok {
		t.Error("outside a pass Wanted answered")
	}
	if _, ok := Wanted(WithPass(t.Context()), "a.x"); ok {
		t.Error("in a pass begun without the file Wanted answered")
	}
	if rs, ok := Wanted(WithPassWanting(t.Context(), nil), "a.x"); !ok || len(rs) != 0 {
		t.Errorf("an empty file: %v, %v; want none, and said", rs, ok)
	}
}
