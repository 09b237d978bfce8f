package reconcile

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/everruns/reconciler/pkg/desired"
)

// Twelve subnets that become ready 60 ms after their creation, each with
// a dependent, polled every 8 to 40 ms on the wall clock: the waits share
// reads, so the subnet kind is read about once a poll, not twelve times.
// Without sharing it takes about 12 waiters × 8 looks = 96 reads.
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
	r, err := New(kinds, WithPollInterval(40*time.Millisecond), WithParallelism(12)).Apply(t.Context(), env, rs, ApplyOptions{})
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

// Replacing a subnet that a NAT gateway still sits in would fail in AWS
// (DependencyViolation) after the engine had decided to act: it is refused
// up front, naming the dependent, and nothing is deleted.
func TestReplaceIsRefusedWhileDependentsExist(t *testing.T) {
	c := newCloud()
	subnet := res("network.subnet.a", "ec2.subnet", map[string]any{"cidr_block": "10.0.1.0/24"})
	subnet.Immutable = map[string]string{"cidr_block": "a subnet's CIDR cannot change"}
	c.seed("ec2.subnet", res("network.subnet.a", "ec2.subnet", map[string]any{"cidr_block": "10.0.9.0/24"}))
	nat := res("network.nat_gateway.a", "ec2.nat_gateway", map[string]any{"subnet_id": ref("network.subnet.a")})
	c.seed("ec2.nat_gateway", res("network.nat_gateway.a", "ec2.nat_gateway", map[string]any{"subnet_id": "id-1"}))
	r, err := engine(c).Apply(t.Context(), env, []desired.Resource{subnet, nat}, ApplyOptions{AllowReplace: true})
	if err != nil {
		t.Fatal(err)
	}
	o := r.Outcomes[0]
	if o.Address != "network.subnet.a" || o.Status != StatusRefused || !strings.Contains(o.Err.Error(), "network.nat_gateway.a") {
		t.Errorf("outcome %+v", o)
	}
	if n := c.count("delete network.subnet.a"); n != 0 {
		t.Errorf("%d deletes of the subnet", n)
	}
}

// The daemon does not wait for a certificate only a person can validate:
// the listener is blocked with the reason, and the apply returns at once.
func TestNoWaitForPeopleBlocksDependentsAtOnce(t *testing.T) {
	c := newCloud()
	cert := KindFns{
		ObserveFn: func(context.Context, desired.Identity) (map[desired.Address]Live, error) {
			return map[desired.Address]Live{"certificate.main": {ID: "arn:cert", Fields: map[string]any{},
				NeedsPerson: "create CNAME _x.example.com", Status: "PENDING_VALIDATION"}}, nil
		},
	}
	kinds := map[string]Kind{"acm.certificate": cert, "elbv2.listener": c.kind("elbv2.listener")}
	clock := newClock()
	rs := []desired.Resource{res("certificate.main", "acm.certificate", nil),
		res("loadbalancer.listener.https", "elbv2.listener", map[string]any{"certificate_arn": ref("certificate.main")})}
	r, err := New(kinds, WithClock(clock), WithReadyTimeout(time.Hour)).Apply(t.Context(), env, rs, ApplyOptions{NoWaitForPeople: true})
	if err != nil {
		t.Fatal(err)
	}
	if waited := clock.Now().Sub(newClock().Now()); waited != 0 {
		t.Errorf("waited %s", waited)
	}
	got := map[desired.Address]Status{}
	for _, o := range r.Outcomes {
		got[o.Address] = o.Status
	}
	if got["certificate.main"] != StatusWaiting || got["loadbalancer.listener.https"] != StatusBlocked || r.Converged() {
		t.Errorf("outcomes %v", got)
	}
	if !strings.Contains(r.Err().Error(), "create CNAME _x.example.com") {
		t.Errorf("Err() = %v, want the reason", r.Err())
	}
}
