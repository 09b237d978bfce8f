package reconcile

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
)

var env = desired.Identity{Project: "p", Environment: "test"}

func engine(c *cloud, opts ...Option) *Engine {
	base := []Option{WithClock(newClock()), WithPollInterval(time.Second), WithReadyTimeout(time.Minute),
		WithRetry(RetryPolicy{Attempts: 3, Initial: time.Second, Max: 4 * time.Second})}
	return New(c.kinds("ec2.vpc", "ec2.subnet", "ec2.nat_gateway", "ec2.route_table"), append(base, opts...)...)
}

// network is a small tier: vpc ← subnet ← nat ← route table, by refs.
func network() []desired.Resource {
	return []desired.Resource{
		res("network.route_table.private", "ec2.route_table", map[string]any{
			"routes": desired.Set{map[string]any{"destination": "0.0.0.0/0", "nat_gateway_id": ref("network.nat_gateway.nat-a")}}}),
		res("network.nat_gateway.nat-a", "ec2.nat_gateway", map[string]any{"subnet_id": ref("network.subnet.public-a")}),
		res("network.subnet.public-a", "ec2.subnet", map[string]any{"vpc_id": ref("network.vpc"), "cidr_block": "10.0.1.0/24"}),
		res("network.vpc", "ec2.vpc", map[string]any{"cidr_block": "10.0.0.0/16"}),
	}
}

func statuses(r *Result) map[desired.Address]Status {
	out := map[desired.Address]Status{}
	for _, o := range r.Outcomes {
		out[o.Address] = o.Status
	}
	return out
}

func TestApplyDependencyOrderAndRefs(t *testing.T) {
	c := newCloud()
	r, err := engine(c).Apply(t.Context(), env, network(), ApplyOptions{})
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	var creates []string
	for _, s := range c.calls {
		if len(s) > 7 && s[:7] == "create " {
			creates = append(creates, s[7:])
		}
	}
	want := []string{"network.vpc", "network.subnet.public-a", "network.nat_gateway.nat-a", "network.route_table.private"}
	if diff := cmp.Diff(want, creates); diff != "" {
		t.Errorf("create order: -want +got:\n%s", diff)
	}
	if got := c.objs["network.subnet.public-a"].live.Fields["vpc_id"]; got != c.objs["network.vpc"].live.ID {
		t.Errorf("subnet vpc_id = %v, want the VPC's ID %s", got, c.objs["network.vpc"].live.ID)
	}
	if !r.Converged() {
		t.Errorf("Converged() = false; err %v, report %+v", r.Err(), r.Report)
	}
}

func TestApplyIsIdempotent(t *testing.T) {
	c := newCloud()
	e := engine(c)
	if _, err := e.Apply(t.Context(), env, network(), ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	n := len(c.calls)
	r, err := e.Apply(t.Context(), env, network(), ApplyOptions{})
	if err != nil || !r.Converged() {
		t.Fatalf("second Apply: converged %v, err %v", r.Converged(), err)
	}
	for _, s := range c.calls[n:] {
		if s[:8] != "observe " {
			t.Errorf("second Apply called %q; want only observes", s)
		}
	}
}

func TestApplyWaitsForReadiness(t *testing.T) {
	cases := map[string]struct {
		reason  string
		pending int
		want    map[desired.Address]Status
	}{
		"BecomesReady": {
			reason:  "A NAT gateway pending for a few polls is waited for before the route to it.",
			pending: 4,
			want: map[desired.Address]Status{"network.vpc": StatusDone, "network.subnet.public-a": StatusDone,
				"network.nat_gateway.nat-a": StatusDone, "network.route_table.private": StatusDone},
		},
		"Timeout": {
			reason:  "A NAT gateway that never becomes ready fails after the timeout and blocks the route.",
			pending: 1000,
			want: map[desired.Address]Status{"network.vpc": StatusDone, "network.subnet.public-a": StatusDone,
				"network.nat_gateway.nat-a": StatusFailed, "network.route_table.private": StatusBlocked},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c := newCloud()
			c.pending["network.nat_gateway.nat-a"] = tc.pending
			early := false
			c.onCreate = func(_ context.Context, r desired.Resource) error {
				c.mu.Lock()
				defer c.mu.Unlock()
				early = early || (r.Address == "network.route_table.private" && c.pending["network.nat_gateway.nat-a"] > 0)
				return nil
			}
			r, err := engine(c).Apply(t.Context(), env, network(), ApplyOptions{})
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			if diff := cmp.Diff(tc.want, statuses(r)); diff != "" {
				t.Errorf("%s\nstatuses: -want +got:\n%s", tc.reason, diff)
			}
			if early {
				t.Errorf("%s\nthe route was created while the NAT gateway was pending", tc.reason)
			}
		})
	}
}

func TestApplyFailureIsolation(t *testing.T) {
	c := newCloud()
	c.onCreate = func(_ context.Context, r desired.Resource) error {
		if r.Address == "a" {
			return errDenied
		}
		return nil
	}
	rs := []desired.Resource{
		res("a", "ec2.vpc", nil), res("b", "ec2.vpc", nil, "a"), res("d", "ec2.vpc", nil, "b"),
		res("c", "ec2.vpc", nil),
	}
	r, err := engine(c).Apply(t.Context(), env, rs, ApplyOptions{})
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	want := map[desired.Address]Status{"a": StatusFailed, "b": StatusBlocked, "d": StatusBlocked, "c": StatusDone}
	if diff := cmp.Diff(want, statuses(r)); diff != "" {
		t.Errorf("statuses: -want +got:\n%s", diff)
	}
	for _, o := range r.Outcomes {
		if o.Status == StatusBlocked && (o.BlockedBy != "a" || !errors.Is(o.Err, errDenied)) {
			t.Errorf("%s: BlockedBy %q, err %v; want blocked by a with its cause", o.Address, o.BlockedBy, o.Err)
		}
	}
	if c.count("create a") != 1 {
		t.Errorf("terminal error: %d creates of a, want 1 (not retried)", c.count("create a"))
	}
	if r.Converged() || !errors.Is(r.Err(), errDenied) {
		t.Errorf("Converged() %v, Err() %v: want not converged, with the cause", r.Converged(), r.Err())
	}
}

func TestApplyReplace(t *testing.T) {
	cases := map[string]struct {
		reason   string
		stateful bool
		allow    bool
		want     Status
		deletes  int
	}{
		"RefusedWithoutAllow": {"A replacement needs AllowReplace.", false, false, StatusRefused, 0},
		"RefusedStateful":     {"A stateful resource is never replaced.", true, true, StatusRefused, 0},
		"Allowed":             {"With AllowReplace, delete then create.", false, true, StatusDone, 1},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c := newCloud()
			c.seed("ec2.vpc", res("network.vpc", "ec2.vpc", map[string]any{"cidr_block": "10.9.0.0/16"}))
			r0 := res("network.vpc", "ec2.vpc", map[string]any{"cidr_block": "10.0.0.0/16"})
			r0.Immutable = map[string]string{"cidr_block": "a VPC's CIDR cannot change"}
			r0.Stateful = tc.stateful
			r, err := engine(c).Apply(t.Context(), env, []desired.Resource{r0}, ApplyOptions{AllowReplace: tc.allow})
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			if got := r.Outcomes[0]; got.Status != tc.want || got.Action != drift.ActionReplace {
				t.Errorf("%s\noutcome %+v, want status %s", tc.reason, got, tc.want)
			}
			if got := c.count("delete network.vpc"); got != tc.deletes {
				t.Errorf("%s\n%d deletes, want %d", tc.reason, got, tc.deletes)
			}
			if tc.want == StatusRefused && !errors.Is(r.Err(), ErrRefused) {
				t.Errorf("Err() = %v, want ErrRefused", r.Err())
			}
		})
	}
}

func TestApplyRejectsInvalidGraphBeforeAnyCall(t *testing.T) {
	cases := map[string]struct {
		reason string
		rs     []desired.Resource
	}{
		"Cycle":      {"A cycle is an error.", []desired.Resource{res("a", "ec2.vpc", nil, "b"), res("b", "ec2.vpc", map[string]any{"x": ref("a")})}},
		"UnknownDep": {"A dependency on nothing is an error.", []desired.Resource{res("a", "ec2.vpc", nil, "ghost")}},
		"Duplicate":  {"An address declared twice is an error.", []desired.Resource{res("a", "ec2.vpc", nil), res("a", "ec2.vpc", nil)}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c := newCloud()
			if _, err := engine(c).Apply(t.Context(), env, tc.rs, ApplyOptions{}); err == nil {
				t.Errorf("%s\nApply: no error", tc.reason)
			}
			if len(c.calls) != 0 {
				t.Errorf("%s\ncalls before rejecting: %v", tc.reason, c.calls)
			}
		})
	}
}

// awaitKind is a kind whose changes finish in AWS later (a rollout).
type awaitKind struct{ KindFns }

func (awaitKind) AwaitAfterChange() bool { return true }

func TestApplyWaitsForAnAwaiterNothingDependsOn(t *testing.T) {
	observes := 0
	live := map[desired.Address]Live{}
	k := awaitKind{KindFns{
		ObserveFn: func(context.Context, desired.Identity) (map[desired.Address]Live, error) {
			observes++
			out := map[desired.Address]Live{}
			for a, l := range live {
				l.Ready = observes > 3 // the rollout completes on the third look
				out[a] = l
			}
			return out, nil
		},
		CreateFn: func(_ context.Context, _ desired.Identity, r desired.Resource) (Live, error) {
			l := Live{Address: r.Address, ID: "svc-1", Fields: r.Fields}
			live[r.Address] = l
			return l, nil
		},
	}}
	e := New(map[string]Kind{"ecs.service": k}, WithClock(newClock()), WithPollInterval(time.Second))
	res, err := e.Apply(t.Context(), env, []desired.Resource{{Address: "service.api", Kind: "ecs.service", Fields: map[string]any{"n": int64(1)}}}, ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcomes[0].Status != StatusDone || observes < 4 {
		t.Errorf("status %s after %d observes: apply did not wait for the rollout", res.Outcomes[0].Status, observes)
	}
}

func TestAFailureEndsTheWaitAtOnce(t *testing.T) {
	k := awaitKind{KindFns{
		ObserveFn: func(context.Context, desired.Identity) (map[desired.Address]Live, error) {
			return map[desired.Address]Live{"service.api": {ID: "svc-1", Fields: map[string]any{"n": int64(2)}, Failure: "circuit breaker tripped"}}, nil
		},
		UpdateFn: func(_ context.Context, _ desired.Identity, r desired.Resource, l Live, _ drift.Delta) (Live, error) {
			return l, nil
		},
	}}
	e := New(map[string]Kind{"ecs.service": k}, WithClock(newClock()), WithPollInterval(time.Second), WithReadyTimeout(time.Hour))
	res, err := e.Apply(t.Context(), env, []desired.Resource{{Address: "service.api", Kind: "ecs.service", Fields: map[string]any{"n": int64(1)}}}, ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	o := res.Outcomes[0]
	if o.Status != StatusFailed || !IsTerminal(o.Err) || !strings.Contains(o.Err.Error(), "circuit breaker tripped") {
		t.Errorf("outcome %s: %v", o.Status, o.Err)
	}
}

// A failure is reported once with the resources it blocks: the progress
// line of a blocked resource names the root only, and Err lists the cause
// once, followed by its dependents.
func TestABlockingFailureIsReportedOnce(t *testing.T) {
	c := newCloud()
	c.onCreate = func(_ context.Context, r desired.Resource) error {
		if r.Address == "a" {
			return errDenied
		}
		return nil
	}
	var mu sync.Mutex
	blockedMsgs := map[desired.Address]string{}
	progress := WithProgress(func(e Event) {
		if e.Phase == PhaseBlocked {
			mu.Lock()
			defer mu.Unlock()
			blockedMsgs[e.Address] = e.Message
		}
	})
	rs := []desired.Resource{res("a", "ec2.vpc", nil), res("b", "ec2.vpc", nil, "a"), res("d", "ec2.vpc", nil, "b")}
	r, err := engine(c, progress).Apply(t.Context(), env, rs, ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[desired.Address]string{"b": "blocked by a", "d": "blocked by a"}
	if diff := cmp.Diff(want, blockedMsgs); diff != "" {
		t.Errorf("blocked progress messages: -want +got:\n%s", diff)
	}
	msg := r.Err().Error()
	if strings.Count(msg, errDenied.Error()) != 1 || !strings.HasSuffix(msg, "; blocks b, d") || !errors.Is(r.Err(), errDenied) {
		t.Errorf("Err() = %q, want the cause once, then \"; blocks b, d\"", msg)
	}
}
