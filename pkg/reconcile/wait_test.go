package reconcile

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/everruns/reconciler/pkg/desired"
)

// Twelve subnets that become ready 60 ms after their creation, each with
// a dependent, polled every 15 ms on the wall clock: the waits share
// reads, so the subnet kind is read about once a poll, not twelve times.
// Without sharing it takes at least 12 waiters × 4 looks = 48 reads.
func TestWaitsOfOneKindShareReads(t *testing.T) {
	var mu sync.Mutex
	created := map[desired.Address]time.Time{}
	reads := 0
	subnets := KindFns{
		ObserveFn: func(context.Context, desired.Identity) (map[desired.Address]Live, error) {
			mu.Lock()
			defer mu.Unlock()
			reads++
			out := map[desired.Address]Live{}
			for a, at := range created {
				out[a] = Live{ID: string(a), Fields: map[string]any{}, Ready: time.Since(at) >= 60*time.Millisecond}
			}
			return out, nil
		},
		CreateFn: func(_ context.Context, _ desired.Identity, r desired.Resource) (Live, error) {
			mu.Lock()
			defer mu.Unlock()
			created[r.Address] = time.Now()
			return Live{ID: string(r.Address), Fields: map[string]any{}}, nil
		},
	}
	c := newCloud()
	var rs []desired.Resource
	for i := range 12 {
		a := desired.Address(fmt.Sprintf("network.subnet.s%02d", i))
		rs = append(rs, res(string(a), "ec2.subnet", nil), res(fmt.Sprintf("network.route_table.r%02d", i), "ec2.route_table", nil, a))
	}
	kinds := map[string]Kind{"ec2.subnet": subnets, "ec2.route_table": c.kind("ec2.route_table")}
	r, err := New(kinds, WithPollInterval(15*time.Millisecond), WithParallelism(12)).Apply(t.Context(), env, rs, ApplyOptions{})
	if err != nil || !r.Converged() {
		t.Fatalf("err %v, result %v", err, r.Err())
	}
	mu.Lock()
	defer mu.Unlock()
	if reads > 24 {
		t.Errorf("ec2.subnet read %d times for 12 waiting subnets", reads)
	}
}

// A resource ready on the first look is not waited for a whole poll.
func TestAWaitLooksBeforeItSleeps(t *testing.T) {
	c := newCloud()
	clock := newClock()
	c.pending["network.vpc"] = 1 // not ready when created, ready on the next read
	rs := []desired.Resource{res("network.vpc", "ec2.vpc", nil), res("network.subnet.a", "ec2.subnet", nil, "network.vpc")}
	start := clock.Now()
	r, err := New(c.kinds("ec2.vpc", "ec2.subnet"), WithClock(clock)).Apply(t.Context(), env, rs, ApplyOptions{})
	if err != nil || !r.Converged() {
		t.Fatalf("err %v, result %v", err, r.Err())
	}
	if waited := clock.Now().Sub(start); waited != 0 {
		t.Errorf("apply slept %s for a VPC that was ready on the first look", waited)
	}
}

// A pass that changes nothing reads each kind once, as diff does; a pass
// that changes one kind reads only that kind again to verify.
func TestVerifyReadsOnlyWhatWasActedOn(t *testing.T) {
	c := newCloud()
	rs := network()
	for _, r := range rs {
		resolved, _ := resolve(r, map[desired.Address]Live{})
		c.seed(r.Kind, resolved)
	}
	e := engine(c)
	if _, err := e.Apply(t.Context(), env, rs, ApplyOptions{}); err != nil { // settle refs
		t.Fatal(err)
	}
	c.calls = nil
	r, err := e.Apply(t.Context(), env, rs, ApplyOptions{})
	if err != nil || !r.Converged() {
		t.Fatalf("err %v, result %v", err, r.Err())
	}
	for _, k := range []string{"ec2.vpc", "ec2.subnet", "ec2.nat_gateway", "ec2.route_table"} {
		if n := c.count("observe " + k); n != 1 {
			t.Errorf("a no-op apply observed %s %d times, want 1", k, n)
		}
	}
	c.calls = nil
	changed := append([]desired.Resource(nil), rs...)
	for i := range changed {
		if changed[i].Kind == "ec2.vpc" {
			changed[i].Fields = map[string]any{"cidr_block": "10.0.0.0/16", "enable_dns_hostnames": true}
		}
	}
	if r, err := e.Apply(t.Context(), env, changed, ApplyOptions{}); err != nil || !r.Converged() {
		t.Fatalf("err %v", err)
	}
	if n, m := c.count("observe ec2.vpc"), c.count("observe ec2.subnet"); n != 2 || m != 1 {
		t.Errorf("after updating the VPC: vpc observed %d times (want 2), subnets %d (want 1)", n, m)
	}
}
