package reconcile

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
)

var errLeaseLost = errors.New("lease not held")

// leaseGuard allows the first allowed checks, then refuses every one: a
// replica whose lease lapses in the middle of an apply.
type leaseGuard struct {
	mu      sync.Mutex
	allowed int
	checks  int
	lost    bool
	c       *cloud
	// mutationsAtLoss is the cloud's mutating calls when the guard first
	// refused.
	mutationsAtLoss int
}

func (g *leaseGuard) check() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.checks++
	if g.checks <= g.allowed {
		return nil
	}
	if !g.lost {
		g.lost, g.mutationsAtLoss = true, mutatingCalls(g.c)
	}
	return errLeaseLost
}

func mutatingCalls(c *cloud) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, s := range c.calls {
		if !strings.HasPrefix(s, "observe ") {
			n++
		}
	}
	return n
}

// A guard that fails stops every mutating call from then on, retries and
// replacements included; the failure is terminal, names the guard's cause,
// and blocks dependents.
func TestNoMutatingCallAfterTheGuardFails(t *testing.T) {
	cases := map[string]struct {
		reason  string
		allowed int
		// throttleFirst makes the first create of the subnet transient, so
		// that its retry meets the failed guard.
		throttleFirst bool
		seed          bool // the VPC exists with another CIDR: an update
		immutable     bool // and its CIDR cannot change: a replacement
	}{
		"FromTheStart":   {reason: "A guard that never passes: no call at all.", allowed: 0},
		"MidWalk":        {reason: "The guard fails after the VPC's create: nothing after it.", allowed: 1},
		"BeforeARetry":   {reason: "The guard fails between a transient failure and its retry.", allowed: 2, throttleFirst: true},
		"InAReplacement": {reason: "The guard fails after the delete of a replacement: no create.", allowed: 1, seed: true, immutable: true},
		"BeforeAnUpdate": {reason: "The guard fails before the VPC's update: no update, nothing after.", allowed: 0, seed: true},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c := newCloud()
			rs := network()
			if tc.seed {
				c.seed("ec2.vpc", res("network.vpc", "ec2.vpc", map[string]any{"cidr_block": "10.9.0.0/16"}))
			}
			if tc.immutable {
				rs[3].Immutable = map[string]string{"cidr_block": "a VPC's CIDR cannot change"}
			}
			throttled := false
			c.onCreate = func(_ context.Context, r desired.Resource) error {
				if tc.throttleFirst && r.Address == "network.subnet.public-a" && !throttled {
					throttled = true
					return errThrottled
				}
				return nil
			}
			g := &leaseGuard{allowed: tc.allowed, c: c}
			r, err := engine(c).Apply(t.Context(), env, rs, ApplyOptions{Guard: g.check, AllowReplace: true})
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			if got := mutatingCalls(c); !g.lost || got != g.mutationsAtLoss || got != tc.allowed {
				t.Errorf("%s\n%d mutating calls (%d when the guard failed), want %d and none after: %v",
					tc.reason, got, g.mutationsAtLoss, tc.allowed, c.calls)
			}
			if r.Converged() || !errors.Is(r.Err(), ErrGuard) || !errors.Is(r.Err(), errLeaseLost) {
				t.Errorf("%s\nErr() = %v, want ErrGuard wrapping the guard's error", tc.reason, r.Err())
			}
			for _, o := range r.Outcomes {
				if errors.Is(o.Err, ErrGuard) && !IsTerminal(o.Err) {
					t.Errorf("%s\n%s: the guard's error is not terminal: %v", tc.reason, o.Address, o.Err)
				}
			}
		})
	}
}

// Every mutating call of a guarded apply carries the guard and its
// deadline in its context, so that the AWS clients can check it before
// each attempt of their own retries (internal/awsconfig's middleware).
func TestMutatingCallsCarryTheGuardInTheirContext(t *testing.T) {
	c := newCloud()
	c.seed("ec2.vpc", res("network.vpc", "ec2.vpc", map[string]any{"cidr_block": "10.9.0.0/16"}))
	deadline := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	seen := map[string]bool{} // "create network.subnet.public-a": carried the guard
	record := func(ctx context.Context, call string) {
		g, ok := MutationGuardFrom(ctx)
		mu.Lock()
		defer mu.Unlock()
		seen[call] = ok && g.Check() == nil && g.Deadline != nil && g.Deadline().Equal(deadline)
	}
	kinds := c.kinds("ec2.vpc", "ec2.subnet", "ec2.nat_gateway", "ec2.route_table")
	for name, k := range kinds {
		fns := k.(KindFns)
		create, update := fns.CreateFn, fns.UpdateFn
		fns.CreateFn = func(ctx context.Context, id desired.Identity, r desired.Resource) (Live, error) {
			record(ctx, "create "+string(r.Address))
			return create(ctx, id, r)
		}
		fns.UpdateFn = func(ctx context.Context, id desired.Identity, r desired.Resource, live Live, d drift.Delta) (Live, error) {
			record(ctx, "update "+string(r.Address))
			return update(ctx, id, r, live, d)
		}
		kinds[name] = fns
	}
	e := New(kinds, WithClock(newClock()), WithPollInterval(time.Second), WithReadyTimeout(time.Minute))
	_, err := e.Apply(t.Context(), env, network(), ApplyOptions{Guard: func() error { return nil },
		GuardDeadline: func() time.Time { return deadline }})
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if len(seen) != 4 || !seen["update network.vpc"] || !seen["create network.subnet.public-a"] {
		t.Errorf("mutating calls and whether each carried the guard: %v, want the VPC's update and three creates, all true", seen)
	}
	for call, ok := range seen {
		if !ok {
			t.Errorf("%s was called without the guard and its deadline in its context", call)
		}
	}
}

// An apply's observation may write what it learnt (Acting), so the guard
// is in the context of its observations too, where the clients'
// middleware checks every mutating attempt; an apply that only observes
// (the file suspends the daemon) is not acting at all.
func TestApplyObservesUnderTheGuard(t *testing.T) {
	for _, observeOnly := range []bool{false, true} {
		c := newCloud()
		var mu sync.Mutex
		var guarded, acting []bool
		kinds := c.kinds("ec2.vpc", "ec2.subnet", "ec2.nat_gateway", "ec2.route_table")
		for name, k := range kinds {
			fns := k.(KindFns)
			observe := fns.ObserveFn
			fns.ObserveFn = func(ctx context.Context, id desired.Identity) (map[desired.Address]Live, error) {
				g, ok := MutationGuardFrom(ctx)
				mu.Lock()
				guarded = append(guarded, ok && errors.Is(g.Check(), errLeaseLost))
				acting = append(acting, Acting(ctx))
				mu.Unlock()
				return observe(ctx, id)
			}
			kinds[name] = fns
		}
		e := New(kinds, WithClock(newClock()), WithPollInterval(time.Second), WithReadyTimeout(time.Minute))
		_, err := e.Apply(t.Context(), env, network(), ApplyOptions{ObserveOnly: observeOnly,
			Guard: func() error { return errLeaseLost }})
		if err != nil {
			t.Fatalf("Apply (observe only %v): %v", observeOnly, err)
		}
		if len(guarded) == 0 {
			t.Fatalf("observe only %v: no observation", observeOnly)
		}
		for i := range guarded {
			if !guarded[i] {
				t.Errorf("observe only %v: an observation without the apply's guard in its context", observeOnly)
			}
			if acting[i] == observeOnly {
				t.Errorf("observe only %v: an observation with Acting %v", observeOnly, acting[i])
			}
		}
	}
}
