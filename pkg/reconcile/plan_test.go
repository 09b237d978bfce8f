package reconcile

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
)

func actions(p *Plan) map[desired.Address]drift.Action {
	out := map[desired.Address]drift.Action{}
	for _, c := range p.Report.Changes {
		out[c.Address] = c.Action
	}
	for _, c := range p.Report.Unsupported {
		out[c.Address] = c.Action
	}
	return out
}

func TestPlan(t *testing.T) {
	type args struct {
		resources []desired.Resource
		targets   []string
	}
	cases := map[string]struct {
		reason string
		seed   []desired.Resource
		args   args
		want   map[desired.Address]drift.Action
	}{
		"TargetsIncludeDependencies": {
			reason: "A target brings what it depends on, transitively, and nothing else.",
			args:   args{resources: network(), targets: []string{"network.nat_gateway"}},
			want: map[desired.Address]drift.Action{"network.vpc": drift.ActionCreate,
				"network.subnet.public-a": drift.ActionCreate, "network.nat_gateway.nat-a": drift.ActionCreate},
		},
		"Unsupported": {
			reason: "A resource whose kind has no adapter is reported, not skipped.",
			args: args{resources: []desired.Resource{res("database.instance", "rds.instance", nil),
				res("network.vpc", "ec2.vpc", nil)}},
			want: map[desired.Address]drift.Action{"database.instance": drift.ActionUnsupported, "network.vpc": drift.ActionCreate},
		},
		"OrphanAndInSync": {
			reason: "A tagged resource gone from the file is an orphan; an equal one is none.",
			seed:   []desired.Resource{res("network.vpc", "ec2.vpc", nil), res("network.subnet.old", "ec2.subnet", nil)},
			args:   args{resources: []desired.Resource{res("network.vpc", "ec2.vpc", nil)}},
			want:   map[desired.Address]drift.Action{"network.vpc": drift.ActionNone, "network.subnet.old": drift.ActionOrphan},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c := newCloud()
			for _, r := range tc.seed {
				c.seed(r.Kind, r)
			}
			p, err := engine(c).Plan(t.Context(), env, tc.args.resources, tc.args.targets)
			if err != nil {
				t.Fatalf("Plan: %v", err)
			}
			if diff := cmp.Diff(tc.want, actions(p)); diff != "" {
				t.Errorf("%s\nPlan actions: -want +got:\n%s", tc.reason, diff)
			}
			for _, s := range c.calls {
				if s[:8] != "observe " {
					t.Errorf("Plan called %q: it must never mutate", s)
				}
			}
		})
	}
}

func TestPlanObservesEachKindOnceInParallel(t *testing.T) {
	kinds := []string{"ec2.vpc", "ec2.subnet", "ec2.nat_gateway"}
	var mu sync.Mutex
	calls := map[string]int{}
	arrived := make(chan struct{})
	var once sync.Once
	waiting := 0
	m := map[string]Kind{}
	for _, k := range kinds {
		m[k] = KindFns{ObserveFn: func(ctx context.Context, _ desired.Identity) (map[desired.Address]Live, error) {
			mu.Lock()
			calls[k]++
			waiting++
			if waiting == len(kinds) {
				once.Do(func() { close(arrived) })
			}
			mu.Unlock()
			// A barrier: it opens only when every kind is being observed at
			// once, so a sequential engine would wait here until ctx ends.
			select {
			case <-arrived:
				return nil, nil
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}}
	}
	rs := network()[1:] // vpc, subnet, nat: several resources per kind would still mean one call
	rs = append(rs, res("network.subnet.public-b", "ec2.subnet", nil))
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute) // turns a hang into a failure
	defer cancel()
	if _, err := New(m, WithClock(newClock())).Plan(ctx, env, rs, nil); err != nil {
		t.Fatalf("Plan: %v", err)
	}
	want := map[string]int{"ec2.vpc": 1, "ec2.subnet": 1, "ec2.nat_gateway": 1}
	if diff := cmp.Diff(want, calls); diff != "" {
		t.Errorf("Observe calls per kind: -want +got:\n%s", diff)
	}
}

func TestApplyRunsIndependentResourcesInParallel(t *testing.T) {
	cases := map[string]struct {
		reason      string
		parallelism int
		resources   int
		wantMax     int
	}{
		"AllAtOnce": {"Independent resources are created together.", 4, 4, 4},
		"Bounded":   {"No more than the parallelism at once.", 2, 6, 2},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c := newCloud()
			var mu sync.Mutex
			inflight, peak := 0, 0
			all := make(chan struct{})
			var once sync.Once
			c.onCreate = func(ctx context.Context, _ desired.Resource) error {
				mu.Lock()
				inflight++
				peak = max(peak, inflight)
				if inflight == tc.wantMax {
					once.Do(func() { close(all) })
				}
				mu.Unlock()
				defer func() { mu.Lock(); inflight--; mu.Unlock() }()
				// A barrier: it opens only once wantMax creates are under way
				// together, so a sequential engine would wait here forever.
				select {
				case <-all:
				case <-ctx.Done():
					return Terminal(ctx.Err())
				}
				return nil
			}
			var rs []desired.Resource
			for i := range tc.resources {
				rs = append(rs, res(fmt.Sprintf("network.vpc.v%d", i), "ec2.vpc", nil))
			}
			// The deadline only turns a broken barrier into a failure instead
			// of a hang; nothing here measures time.
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			r, err := engine(c, WithParallelism(tc.parallelism)).Apply(ctx, env, rs, ApplyOptions{})
			if err != nil || !r.Converged() {
				t.Fatalf("Apply: converged %v, err %v, %v", r.Converged(), err, r.Err())
			}
			if peak != tc.wantMax {
				t.Errorf("%s\npeak concurrency %d, want %d", tc.reason, peak, tc.wantMax)
			}
		})
	}
}
