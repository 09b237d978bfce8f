package reconcile

import (
	"context"
	"errors"
	"sort"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/everruns/reconciler/pkg/desired"
)

func TestApplyRetries(t *testing.T) {
	cases := map[string]struct {
		reason      string
		fail        func(n int, c *cloud, r desired.Resource) error // n is the attempt, from 1
		wantCreates int
		wantStatus  Status
		wantObjects int
	}{
		"TransientRetried": {
			reason: "Throttling is retried with backoff until it passes.",
			fail: func(n int, _ *cloud, _ desired.Resource) error {
				if n < 3 {
					return errThrottled
				}
				return nil
			},
			wantCreates: 3, wantStatus: StatusDone, wantObjects: 1,
		},
		"TerminalNotRetried": {
			reason:      "Access denied is not retried.",
			fail:        func(int, *cloud, desired.Resource) error { return errDenied },
			wantCreates: 1, wantStatus: StatusFailed, wantObjects: 0,
		},
		"OutcomeUnknownObservedFirst": {
			reason: "A create whose answer was lost is found by observing, not made twice.",
			fail: func(n int, c *cloud, r desired.Resource) error {
				if n == 1 {
					c.put(r.Kind, r)                                        // it happened in AWS…
					return errors.New("read tcp: connection reset by peer") // …but the answer was lost
				}
				return nil
			},
			wantCreates: 1, wantStatus: StatusDone, wantObjects: 1,
		},
		"NotReadyPolledBeyondAttempts": {
			reason: "A resource held up by another's passing state is polled, not given up after the transient attempts.",
			fail: func(n int, _ *cloud, _ desired.Resource) error {
				if n <= 10 {
					return NotReady(errors.New("elastic IP still held by a deleting NAT gateway"))
				}
				return nil
			},
			wantCreates: 11, wantStatus: StatusDone, wantObjects: 1,
		},
		"NotReadyUntilTheReadinessTimeout": {
			reason: "Polling a resource that never becomes ready stops at the readiness timeout (1 min, polled every 1 s).",
			fail: func(int, *cloud, desired.Resource) error {
				return NotReady(errors.New("still deleting"))
			},
			wantCreates: 61, wantStatus: StatusFailed, wantObjects: 0,
		},
		"AttemptsSpent": {
			reason:      "A transient error that lasts fails after the policy's attempts.",
			fail:        func(int, *cloud, desired.Resource) error { return errThrottled },
			wantCreates: 3, wantStatus: StatusFailed, wantObjects: 0,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c := newCloud()
			n := 0
			c.onCreate = func(_ context.Context, r desired.Resource) error {
				n++
				return tc.fail(n, c, r)
			}
			r, err := engine(c).Apply(t.Context(), env, []desired.Resource{res("network.vpc", "ec2.vpc", nil)}, ApplyOptions{})
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			got := []any{c.count("create network.vpc"), r.Outcomes[0].Status, len(c.objs)}
			want := []any{tc.wantCreates, tc.wantStatus, tc.wantObjects}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s\n[creates status objects]: -want +got:\n%s", tc.reason, diff)
			}
		})
	}
}

func TestApplyCancellation(t *testing.T) {
	c := newCloud()
	ctx, cancel := context.WithCancel(t.Context())
	c.onCreate = func(_ context.Context, r desired.Resource) error {
		if r.Address == "network.subnet.public-a" {
			cancel()
		}
		return nil
	}
	r, err := engine(c).Apply(ctx, env, network(), ApplyOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Apply: err %v, want context.Canceled", err)
	}
	if r == nil || r.Converged() {
		t.Fatalf("Apply: result %+v, want a partial, unconverged result", r)
	}
	if c.count("create network.route_table.private") != 0 {
		t.Error("a resource was created after cancellation")
	}
}

func TestEventsReportProgress(t *testing.T) {
	c := newCloud()
	var mu sync.Mutex
	var phases []string
	sink := func(ev Event) {
		mu.Lock()
		defer mu.Unlock()
		if ev.Address == "network.vpc" {
			phases = append(phases, string(ev.Phase))
		}
	}
	if _, err := engine(c, WithProgress(sink)).Apply(t.Context(), env, network(), ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	sort.Strings(phases)
	if diff := cmp.Diff([]string{"create", "done"}, phases); diff != "" {
		t.Errorf("vpc phases: -want +got:\n%s", diff)
	}
}

// A fatal error (the cloud cannot be reached) is not retried, stops the
// kinds still observing, and is the plan's only error: one line for a
// person, not one per kind.
func TestFatalErrorStopsThePlanOnce(t *testing.T) {
	unreachable := Fatal(errors.New("cannot reach http://127.0.0.1:1"))
	calls := 0
	var mu sync.Mutex
	kinds := map[string]Kind{
		"ec2.vpc": KindFns{ObserveFn: func(context.Context, desired.Identity) (map[desired.Address]Live, error) {
			mu.Lock()
			defer mu.Unlock()
			calls++
			return nil, unreachable
		}},
	}
	waiting := []string{"ec2.subnet", "rds.db_instance", "ecs.service"}
	for _, k := range waiting {
		kinds[k] = KindFns{ObserveFn: func(ctx context.Context, _ desired.Identity) (map[desired.Address]Live, error) {
			<-ctx.Done() // a kind that would wait for its own timeout is stopped
			return nil, ctx.Err()
		}}
	}
	resources := []desired.Resource{res("network.vpc", "ec2.vpc", nil), res("network.subnet", "ec2.subnet", nil),
		res("database.instance", "rds.db_instance", nil), res("workload.api", "ecs.service", nil)}
	_, err := New(kinds).Plan(t.Context(), env, resources, nil)
	if !errors.Is(err, unreachable) || !IsFatal(err) {
		t.Fatalf("Plan = %v, want the fatal error", err)
	}
	if err.Error() != "observe ec2.vpc: cannot reach http://127.0.0.1:1" {
		t.Errorf("Plan's error = %q, want only the fatal one", err)
	}
	if calls != 1 {
		t.Errorf("the fatal Observe was called %d times, want 1 (not retried)", calls)
	}
}
