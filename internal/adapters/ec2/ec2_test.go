package ec2_test

import (
	"errors"
	"slices"
	"strings"

	"github.com/aws/smithy-go"
	"maps"
	"testing"

	"github.com/google/go-cmp/cmp"

	ec2adapter "github.com/everruns/reconciler/internal/adapters/ec2"
	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// createTier creates the whole tier in dependency order, letting the NAT
// become available before the route through it, as the engine waits.
func createTier(t *testing.T, h *harness) []desired.Resource {
	t.Helper()
	var resolved []desired.Resource
	for _, r := range tier() {
		if r.Address == "network.route_table.private" {
			h.srv.Clock().Advance(natTime)
		}
		h.create(t, r)
		resolved = append(resolved, h.resolve(r))
	}
	return resolved
}

func TestCreateThenObserveReturnsTheDeclaredFields(t *testing.T) {
	h := start(t)
	for _, r := range createTier(t, h) {
		got, ok := h.observe(t, r.Kind)[r.Address]
		if !ok {
			t.Errorf("Observe(%s): %s missing", r.Kind, r.Address)
			continue
		}
		if diff := cmp.Diff(r.Fields, managed(r, got.Fields), setOrder); diff != "" {
			t.Errorf("Observe(%s)[%s] fields: -want +got\n%s", r.Kind, r.Address, diff)
		}
		created := h.live[r.Address]
		if got.ID != created.ID || !got.Ready {
			t.Errorf("Observe(%s)[%s] = ID %s ready %v, want ID %s ready", r.Kind, r.Address, got.ID, got.Ready, created.ID)
		}
		if diff := cmp.Diff(r.Fields, managed(r, created.Fields), setOrder); diff != "" {
			t.Errorf("Create(%s) returned fields: -want +got\n%s", r.Address, diff)
		}
	}
}

func TestObserveIsOneDescribePerKind(t *testing.T) {
	h := start(t)
	createTier(t, h)
	// Another environment's resources are in the same account, and are
	// not reported.
	staging := desired.Identity{Project: "everruns", Environment: "staging"}
	stagingVPC, err := h.kinds["ec2.vpc"].Create(t.Context(), staging, desired.Resource{Address: "network.vpc", Fields: map[string]any{"cidr_block": "10.9.0.0/16"}})
	if err != nil {
		t.Fatal(err)
	}
	// Another project's environment of the same name is not this one.
	if _, err := h.kinds["ec2.vpc"].Create(t.Context(), desired.Identity{Project: "other", Environment: envName},
		desired.Resource{Address: "network.vpc", Fields: map[string]any{"cidr_block": "10.7.0.0/16"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.kinds["ec2.subnet"].Create(t.Context(), staging, desired.Resource{Address: "network.subnet.public-a",
		Fields: map[string]any{"vpc_id": stagingVPC.ID, "cidr_block": "10.9.0.0/24", "availability_zone": "us-east-1a"}}); err != nil {
		t.Fatal(err)
	}
	// A second VPC of production, to show that the attributes are read per VPC.
	h.create(t, desired.Resource{Address: "network.other-vpc", Kind: "ec2.vpc", Fields: map[string]any{"cidr_block": "10.8.0.0/16"}})
	h.srv.ResetCalls()
	counts := map[string]int{}
	for kind := range h.kinds {
		counts[kind] = len(h.observe(t, kind))
	}
	wantCounts := map[string]int{"ec2.vpc": 2, "ec2.subnet": 2, "ec2.internet_gateway": 1, "ec2.elastic_ip": 1,
		"ec2.nat_gateway": 1, "ec2.route_table": 2, "ec2.security_group": 3}
	if diff := cmp.Diff(wantCounts, counts); diff != "" {
		t.Errorf("resources observed per kind: -want +got\n%s", diff)
	}
	want := map[string]int{
		"ec2:DescribeVpcs": 1, "ec2:DescribeVpcAttribute": 4, // two attributes per VPC, one call each: 2 VPCs
		"ec2:DescribeSubnets": 1, "ec2:DescribeInternetGateways": 1, "ec2:DescribeAddresses": 1,
		"ec2:DescribeNatGateways": 1, "ec2:DescribeRouteTables": 1, "ec2:DescribeSecurityGroups": 1,
	}
	if diff := cmp.Diff(want, h.srv.Calls()); diff != "" {
		t.Errorf("calls: -want +got\n%s", diff)
	}
}

func TestNATGatewayIsReadyOnlyWhenAvailable(t *testing.T) {
	h := start(t)
	rs := tier()
	for _, r := range rs[:6] { // up to and including the NAT
		h.create(t, r)
	}
	const nat = "network.nat_gateway.nat-a"
	if l := h.live[nat]; l.Ready || l.Status != "pending" {
		t.Errorf("Create = ready %v status %q, want not ready, pending", l.Ready, l.Status)
	}
	if l := h.observe(t, "ec2.nat_gateway")[nat]; l.Ready || l.Status != "pending" {
		t.Errorf("Observe before the clock moves = ready %v status %q, want not ready, pending", l.Ready, l.Status)
	}
	h.srv.Clock().Advance(natTime)
	if l := h.observe(t, "ec2.nat_gateway")[nat]; !l.Ready || l.Status != "available" {
		t.Errorf("Observe after %s = ready %v status %q, want ready, available", natTime, l.Ready, l.Status)
	}
	// The same create again (a retry after a crash) is the same gateway:
	// the ClientToken makes it idempotent.
	again := h.create(t, rs[5])
	if again.ID != h.live[nat].ID {
		t.Errorf("second Create = %s, want %s", again.ID, h.live[nat].ID)
	}
	if err := h.kinds["ec2.nat_gateway"].Delete(t.Context(), again); err != nil {
		t.Fatal(err)
	}
	if l, ok := h.observe(t, "ec2.nat_gateway")[nat]; ok {
		t.Errorf("Observe after Delete = %s %s, want absent (deleting is gone)", l.ID, l.Status)
	}
	// While the deleted gateway still holds the Elastic IP, a create would
	// make a gateway AWS then fails: the adapter says not ready instead.
	if _, err := h.kinds["ec2.nat_gateway"].Create(t.Context(), env, h.resolve(rs[5])); !reconcile.IsNotReady(err) {
		t.Errorf("Create while the old gateway is deleting = %v, want a not-ready error", err)
	}
	// Once it is deleted, a create is a new gateway, not the deleted one
	// the token first made.
	h.srv.Clock().Advance(natTime)
	if fresh := h.create(t, rs[5]); fresh.ID == again.ID || fresh.Status != "pending" {
		t.Errorf("Create after Delete = %s %s, want a new pending gateway", fresh.ID, fresh.Status)
	}
}

func TestRouteTableCreateIsIdempotent(t *testing.T) {
	h := start(t)
	rs := createTier(t, h)
	again := h.create(t, tier()[6])
	if again.ID != h.live[rs[6].Address].ID {
		t.Errorf("second Create = %s, want %s", again.ID, h.live[rs[6].Address].ID)
	}
	if n := len(h.observe(t, "ec2.route_table")); n != 2 {
		t.Errorf("route tables = %d, want 2", n)
	}
}

// update changes r's fields (already resolved) in AWS through Update, and
// checks what Observe reports next, and the calls made.
func (h *harness) update(t *testing.T, r desired.Resource, wantCalls map[string]int, paths ...string) {
	t.Helper()
	live := h.observe(t, r.Kind)[r.Address]
	var delta drift.Delta
	for _, c := range drift.Compare(r, true, live.Fields).Fields {
		if slices.Contains(paths, c.Path) || slices.Contains(paths, strings.SplitN(c.Path, ".", 2)[0]) {
			delta = append(delta, c)
		}
	}
	h.srv.ResetCalls()
	got, err := h.kinds[r.Kind].Update(t.Context(), env, r, live, delta)
	if err != nil {
		t.Fatalf("Update(%s): %v", r.Address, err)
	}
	if diff := cmp.Diff(wantCalls, h.srv.Calls()); diff != "" {
		t.Errorf("Update(%s) calls: -want +got\n%s", r.Address, diff)
	}
	after := h.observe(t, r.Kind)[r.Address]
	if diff := cmp.Diff(r.Fields, managed(r, after.Fields), setOrder); diff != "" {
		t.Errorf("Observe after Update(%s): -want +got\n%s", r.Address, diff)
	}
	if diff := cmp.Diff(after.Fields, got.Fields, setOrder); diff != "" {
		t.Errorf("Update(%s) returned, against Observe: -observed +returned\n%s", r.Address, diff)
	}
}

func with(r desired.Resource, kv ...any) desired.Resource {
	r.Fields = maps.Clone(r.Fields)
	for i := 0; i+1 < len(kv); i += 2 {
		r.Fields[kv[i].(string)] = kv[i+1]
	}
	return r
}

func TestUpdate(t *testing.T) {
	h := start(t)
	rs := map[desired.Address]desired.Resource{}
	for _, r := range createTier(t, h) {
		rs[r.Address] = r
	}
	id := func(a string) string { return h.live[desired.Address(a)].ID }

	t.Run("vpc dns", func(t *testing.T) {
		r := with(rs["network.vpc"], "enable_dns_hostnames", false)
		h.update(t, r, map[string]int{"ec2:ModifyVpcAttribute": 1}, "enable_dns_hostnames")
	})
	t.Run("subnet public ip", func(t *testing.T) {
		r := with(rs["network.subnet.private-a"], "map_public_ip_on_launch", true)
		h.update(t, r, map[string]int{"ec2:ModifySubnetAttribute": 1}, "map_public_ip_on_launch")
	})
	t.Run("tags", func(t *testing.T) {
		r := rs["network.subnet.public-a"]
		tg := maps.Clone(r.Fields["tags"].(map[string]any))
		tg["Name"], tg["team"] = "renamed", "platform"
		delete(tg, "Project")
		h.update(t, with(r, "tags", tg), map[string]int{"ec2:CreateTags": 1, "ec2:DeleteTags": 1}, "tags.Name", "tags.team", "tags.Project")
	})
	t.Run("routes", func(t *testing.T) {
		r := with(rs["network.route_table.private"], "routes", desired.Set{
			map[string]any{"destination": "0.0.0.0/0", "gateway_id": id("network.internet_gateway")}, // replaced
			map[string]any{"destination": "10.1.0.0/16", "nat_gateway_id": id("network.nat_gateway.nat-a")},
		})
		h.update(t, r, map[string]int{"ec2:ReplaceRoute": 1, "ec2:CreateRoute": 1}, "routes")
		h.update(t, rs["network.route_table.private"], map[string]int{"ec2:ReplaceRoute": 1, "ec2:DeleteRoute": 1}, "routes")
	})
	t.Run("associations", func(t *testing.T) {
		b := h.create(t, desired.Resource{Address: "network.subnet.public-b", Kind: "ec2.subnet", Fields: map[string]any{
			"vpc_id": id("network.vpc"), "cidr_block": "10.0.1.0/24", "availability_zone": "us-east-1b"}})
		r := with(rs["network.route_table.public"], "associations", desired.Set{b.ID})
		h.update(t, r, map[string]int{"ec2:AssociateRouteTable": 1, "ec2:DisassociateRouteTable": 1}, "associations")
	})
	t.Run("ingress", func(t *testing.T) {
		r := with(rs["network.security_group.alb"], "ingress", desired.Set{
			withDesc(rule("tcp", 443, "cidr", "0.0.0.0/0"), "https from anywhere"),
			rule("tcp", 8443, "source_security_group", id("network.security_group.ecs")),
			rule("udp", 53, "self", true),
		})
		h.update(t, r, map[string]int{"ec2:RevokeSecurityGroupIngress": 1, "ec2:AuthorizeSecurityGroupIngress": 1}, "ingress")
	})
	t.Run("egress emptied", func(t *testing.T) {
		r := with(rs["network.security_group.ecs"], "egress", desired.Set{})
		h.update(t, r, map[string]int{"ec2:RevokeSecurityGroupEgress": 1}, "egress")
	})
}

// The gateway of the tier cannot move while the NAT maps a public address
// through it (DependencyViolation, as in AWS): this one has a VPC alone.
func TestUpdateMovesTheInternetGateway(t *testing.T) {
	h := start(t)
	rs := tier()
	vpc := h.resolve(rs[0])
	h.create(t, rs[0])
	igw := h.resolve(rs[3])
	h.create(t, rs[3])
	other := h.create(t, desired.Resource{Address: "network.other-vpc", Kind: "ec2.vpc", Fields: map[string]any{"cidr_block": "10.1.0.0/16"}})
	moves := map[string]int{"ec2:DetachInternetGateway": 1, "ec2:AttachInternetGateway": 1}
	h.update(t, with(igw, "vpc_id", other.ID), moves, "vpc_id")
	h.update(t, igw, moves, "vpc_id")
	if igw.Fields["vpc_id"] != h.live[vpc.Address].ID {
		t.Fatalf("test setup: gateway refers to %v", igw.Fields["vpc_id"])
	}
}

func TestUpdateRefusesImmutableFields(t *testing.T) {
	h := start(t)
	r := tier()[0]
	l := h.create(t, r)
	_, err := h.kinds["ec2.vpc"].Update(t.Context(), env, with(r, "cidr_block", "10.2.0.0/16"), l,
		drift.Delta{{Path: "cidr_block", Desired: "10.2.0.0/16", Live: "10.0.0.0/16"}})
	if err == nil || !reconcile.IsTerminal(err) {
		t.Errorf("Update(cidr_block) = %v, want a terminal error", err)
	}
}

// The engine names the resource ("create network.subnet.private-a: …"),
// and the SDK the operation: the adapter adds neither again.
func TestCreateErrorsSayThingsOnceAndAreTerminal(t *testing.T) {
	h := start(t)
	vpc := h.create(t, tier()[0])
	r := desired.Resource{Address: "network.subnet.private-a", Kind: "ec2.subnet", Fields: map[string]any{
		"vpc_id": vpc.ID, "cidr_block": "192.168.0.0/24", "availability_zone": "us-east-1a"}}
	_, err := h.kinds["ec2.subnet"].Create(t.Context(), env, r)
	if err == nil {
		t.Fatal("Create of a subnet outside its VPC's range succeeded")
	}
	if msg := err.Error(); strings.Contains(msg, "network.subnet.private-a") || strings.Count(msg, "CreateSubnet") != 1 {
		t.Errorf("error = %q: want the operation named once and no address", msg)
	}
	if got := kit.NewClassifier(ec2adapter.Errors).Classify(err); got != reconcile.ClassTerminal {
		t.Errorf("error %v classified %v, want terminal", err, got)
	}
}

// Going from one NAT to one per AZ moves private-a from the shared private
// table to its own: the new table takes the association over.
func TestRouteTableTakesASubnetOverFromAnotherTable(t *testing.T) {
	h := start(t)
	createTier(t, h)
	own := tier()[7]
	own.Address = "network.route_table.private-a"
	own.Fields = maps.Clone(own.Fields)
	own.Fields["tags"] = tags("network.route_table.private-a", "private-a")
	_, err := h.kinds[own.Kind].Create(t.Context(), env, h.resolve(own))
	if errorCode(err) == "InvalidAction" {
		t.Skip("the fake EC2 has no ReplaceRouteTableAssociation yet:", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	tables := h.observe(t, "ec2.route_table")
	subnet := h.live["network.subnet.private-a"].ID
	if diff := cmp.Diff(desired.Set{subnet}, tables[own.Address].Fields["associations"]); diff != "" {
		t.Errorf("new table's associations: -want +got\n%s", diff)
	}
	if diff := cmp.Diff(desired.Set{}, tables["network.route_table.private"].Fields["associations"]); diff != "" {
		t.Errorf("old table's associations: -want +got\n%s", diff)
	}
}

func errorCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}
