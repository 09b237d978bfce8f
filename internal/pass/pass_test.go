package pass

import (
	"context"
	"errors"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/source"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// memSource is a source whose next Fetch returns what the test set.
type memSource struct {
	snap source.Snapshot
	err  error
}

func (m *memSource) Fetch(context.Context) (source.Snapshot, error) { return m.snap, m.err }
func (m *memSource) Watch(context.Context) <-chan struct{}          { return nil }

func seed(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../../deploy/environment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// vpcOnly is an engine with one adapter, for ec2.vpc, that observes
// nothing and counts creates.
func vpcOnly(creates *atomic.Int32) EngineFunc {
	return func(context.Context, *desired.Environment) (*reconcile.Engine, error) {
		return reconcile.New(map[string]reconcile.Kind{"ec2.vpc": reconcile.KindFns{
			CreateFn: func(context.Context, desired.Identity, desired.Resource) (reconcile.Live, error) {
				creates.Add(1)
				return reconcile.Live{}, reconcile.Terminal(errors.New("refused by the test"))
			},
		}}), nil
	}
}

func newRunner(src source.Source, creates *atomic.Int32, targets ...string) *Runner {
	return &Runner{Source: src, Engine: vpcOnly(creates), Targets: targets, Log: zap.NewNop()}
}

var fileLineCol = regexp.MustCompile(`^environment\.yaml:\d+:\d+: `)

// An invalid revision is never acted on: the pass observes with the last
// good one, reports the bad revision and its FILE:LINE:COL errors, and
// the next good revision is taken up.
func TestAnInvalidRevisionKeepsTheLastGoodOne(t *testing.T) {
	src := &memSource{snap: source.Snapshot{Name: "environment.yaml", Data: seed(t), Revision: "good"}}
	var creates atomic.Int32
	r := newRunner(src, &creates, "network.vpc")

	out, err := r.Run(t.Context(), Observe)
	if err != nil || out.Revision != "good" || !out.Source.Valid || !out.Observed {
		t.Fatalf("first pass = %+v, %v", out, err)
	}
	src.snap = source.Snapshot{Name: "environment.yaml", Data: []byte("name: x\nbogus: 1\n"), Revision: "bad"}
	out, err = r.Run(t.Context(), Observe)
	if err != nil {
		t.Fatalf("a pass over an invalid revision failed although a good one is known: %v", err)
	}
	if out.Revision != "good" || out.Source.Valid || out.Source.Revision != "bad" || len(out.Source.Errors) == 0 {
		t.Fatalf("pass over the bad revision = %+v", out)
	}
	for _, e := range out.Source.Errors {
		if !fileLineCol.MatchString(e) {
			t.Errorf("error %q is not FILE:LINE:COL: message", e)
		}
	}
	src.snap = source.Snapshot{Name: "environment.yaml", Data: seed(t), Revision: "fixed"}
	if out, err = r.Run(t.Context(), Observe); err != nil || out.Revision != "fixed" || !out.Source.Valid {
		t.Errorf("pass after the fix = %+v, %v", out, err)
	}
}

func TestNoValidRevisionYetFailsThePass(t *testing.T) {
	var creates atomic.Int32
	r := newRunner(&memSource{err: errors.New("read environment file: gone")}, &creates)
	out, err := r.Run(t.Context(), Act)
	if err == nil || !strings.Contains(err.Error(), "gone") || out.Observed || out.Source.Valid {
		t.Errorf("Run = %+v, %v; want a failed pass naming the read error", out, err)
	}
	if creates.Load() != 0 {
		t.Error("acted without a valid revision")
	}
}

// Managed counts only what is in scope: resources outside --target and
// kinds without an adapter are not managed.
func TestManagedCountsOnlyResourcesInScope(t *testing.T) {
	var creates atomic.Int32
	src := &memSource{snap: source.Snapshot{Name: "environment.yaml", Data: seed(t), Revision: "r"}}
	for name, targets := range map[string][]string{"targeted": {"network.vpc"}, "everything": nil} {
		t.Run(name, func(t *testing.T) {
			out, err := newRunner(src, &creates, targets...).Run(t.Context(), Observe)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]int{"ec2.vpc": 1}
			if d := cmp.Diff(want, out.Managed); d != "" {
				t.Errorf("Managed (-want +got):\n%s", d)
			}
			if d := cmp.Diff(want, out.Drifted); d != "" {
				t.Errorf("Drifted (-want +got):\n%s", d)
			}
		})
	}
}

// A dry run observes even when asked to act.
func TestDryRunNeverActs(t *testing.T) {
	var creates atomic.Int32
	src := &memSource{snap: source.Snapshot{Name: "environment.yaml", Data: seed(t), Revision: "r"}}
	r := newRunner(src, &creates, "network.vpc")
	r.DryRun = true
	out, err := r.Run(t.Context(), Act)
	if err != nil || out.Mode != Observe || creates.Load() != 0 {
		t.Errorf("dry run = mode %v, %v, %d creates", out.Mode, err, creates.Load())
	}
	if len(out.Report.Outstanding()) != 1 || out.Report.Outstanding()[0].Action != drift.ActionCreate {
		t.Errorf("dry run report = %+v, want the VPC to create", out.Report)
	}
	r.DryRun = false
	if _, err := r.Run(t.Context(), Act); err == nil || creates.Load() != 1 {
		t.Errorf("apply = %v with %d creates, want the refused create", err, creates.Load())
	}
}

// The runner hands its guard to the engine: a guard that refuses stops the
// create before it is made, and the pass fails with the guard's cause.
func TestTheGuardReachesTheEngine(t *testing.T) {
	var creates atomic.Int32
	src := &memSource{snap: source.Snapshot{Name: "environment.yaml", Data: seed(t), Revision: "r"}}
	r := newRunner(src, &creates, "network.vpc")
	lost := errors.New("lease not held")
	r.Guard = func() error { return lost }
	_, err := r.Run(t.Context(), Act)
	if !errors.Is(err, lost) || !errors.Is(err, reconcile.ErrGuard) || creates.Load() != 0 {
		t.Errorf("apply with a refusing guard = %v with %d creates, want the guard's error and none", err, creates.Load())
	}
}

// The outcome keeps what the plan observed of each resource in scope,
// status and attributes, for the metrics that follow a resource's state.
func TestTheOutcomeCarriesWhatWasObserved(t *testing.T) {
	src := &memSource{snap: source.Snapshot{Name: "environment.yaml", Data: seed(t), Revision: "r"}}
	engine := func(context.Context, *desired.Environment) (*reconcile.Engine, error) {
		return reconcile.New(map[string]reconcile.Kind{"ec2.vpc": reconcile.KindFns{
			ObserveFn: func(context.Context, desired.Identity) (map[desired.Address]reconcile.Live, error) {
				return map[desired.Address]reconcile.Live{
					"network.vpc": {ID: "vpc-1", Status: "available", Attrs: map[string]string{"arn": "arn:vpc-1"}},
					"network.old": {ID: "vpc-2", Status: "available"},
				}, nil
			},
		}}), nil
	}
	for _, mode := range []Mode{Observe, Act} {
		r := &Runner{Source: src, Engine: engine, Targets: []string{"network.vpc"}, Log: zap.NewNop()}
		out, _ := r.Run(t.Context(), mode)
		want := map[desired.Address]Resource{"network.vpc": {Kind: "ec2.vpc", Status: "available", Attrs: map[string]string{"arn": "arn:vpc-1"}}}
		if d := cmp.Diff(want, out.Resources); d != "" {
			t.Errorf("%s: Resources (-want +got):\n%s", mode, d)
		}
	}
}
