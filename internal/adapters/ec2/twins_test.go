package ec2_test

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	ec2adapter "github.com/everruns/reconciler/internal/adapters/ec2"
	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// ticker is a clock that moves one second per read: every create is
// younger than the one before.
type ticker struct {
	mu  sync.Mutex
	now time.Time
}

func (c *ticker) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Second)
	return c.now
}

// twinHarness is the harness with a ticking created-at clock and an engine.
func twinHarness(t *testing.T) (*harness, *ticker, *reconcile.Engine) {
	h := start(t)
	clock := &ticker{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	h.kinds = ec2adapter.Kinds(h.ec2, ec2adapter.WithClock(clock.Now))
	return h, clock, reconcile.New(h.kinds)
}

// younger makes, behind the adapter's back, a VPC claiming network.vpc
// with a later created-at: what a second creator leaves.
func younger(t *testing.T, h *harness, clock *ticker) string {
	t.Helper()
	tags := map[string]string{"everruns:project": "everruns", "everruns:environment": envName, "everruns:address": "network.vpc"}
	out, err := h.ec2.CreateVpc(t.Context(), &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16"), TagSpecifications: []types.TagSpecification{{
		ResourceType: types.ResourceTypeVpc, Tags: sdk(kit.Stamp(tags, clock.Now()))}}})
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(out.Vpc.VpcId)
}

func sdk(m map[string]string) []types.Tag {
	var out []types.Tag
	for k, v := range m {
		out = append(out, types.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	return out
}

func vpcIDs(t *testing.T, h *harness) []string {
	t.Helper()
	out, err := h.ec2.DescribeVpcs(t.Context(), &ec2.DescribeVpcsInput{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, v := range out.Vpcs {
		ids = append(ids, aws.ToString(v.VpcId))
	}
	slices.Sort(ids)
	return ids
}

func TestObserveReportsTheOlderTwinAndKeepsCreatedAtOutOfTags(t *testing.T) {
	h, clock, _ := twinHarness(t)
	old := h.create(t, tier()[0]).ID
	young := younger(t, h, clock)
	got := h.observe(t, "ec2.vpc")["network.vpc"]
	if got.ID != old || len(got.Twins) != 1 || got.Twins[0].ID != young || !got.CreatedAt.Before(got.Twins[0].CreatedAt) {
		t.Fatalf("observed %s twins %+v, want %s with twin %s", got.ID, got.Twins, old, young)
	}
	if _, ok := got.Fields["tags"].(map[string]any)[kit.TagCreatedAt]; ok {
		t.Errorf("the created-at tag is in the tags field: it would be drift")
	}
}

func TestCreateSettlesOnTheOlder(t *testing.T) {
	h, _, _ := twinHarness(t)
	for _, r := range []desired.Resource{tier()[0], tier()[4]} { // VPC, Elastic IP
		first := h.create(t, r)
		second := h.create(t, r)
		if second.ID != first.ID || len(second.Twins) != 1 || second.Twins[0].ID == first.ID {
			t.Errorf("%s: second create answered %s twins %+v, want the older %s with the new one as its twin", r.Address, second.ID, second.Twins, first.ID)
		}
	}
}

func TestApplyDeletesTheEmptyYoungerTwin(t *testing.T) {
	h, clock, e := twinHarness(t)
	old := h.create(t, tier()[0]).ID
	young := younger(t, h, clock)
	scope := tier()[:2] // the VPC and a subnet in it

	p, err := e.Plan(t.Context(), env, scope, nil)
	if err != nil {
		t.Fatalf("plan with a twin: %v", err)
	}
	if n := strings.Join(notesAt(p.Report, "network.vpc"), " "); !strings.Contains(n, young) || !strings.Contains(n, old) {
		t.Errorf("diff notes %q, want both IDs", n)
	}
	if got := vpcIDs(t, h); len(got) != 2 {
		t.Fatalf("diff deleted: %v", got)
	}

	res, err := e.Apply(t.Context(), env, scope, reconcile.ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Converged() {
		t.Fatalf("not converged: %v", res.Err())
	}
	if got := vpcIDs(t, h); len(got) != 1 || got[0] != old {
		t.Errorf("VPCs after apply %v, want only the older %s", got, old)
	}
	want := "healed twin: deleted " + young + " (younger, empty), kept " + old
	if n := strings.Join(notesAt(res.Report, "network.vpc"), " "); n != want {
		t.Errorf("report notes %q, want %q", n, want)
	}
}

func TestApplyRefusesAYoungerTwinWithASubnet(t *testing.T) {
	h, clock, e := twinHarness(t)
	old := h.create(t, tier()[0]).ID
	young := younger(t, h, clock)
	if _, err := h.ec2.CreateSubnet(t.Context(), &ec2.CreateSubnetInput{VpcId: &young, CidrBlock: aws.String("10.0.99.0/24")}); err != nil {
		t.Fatal(err)
	}
	res, err := e.Apply(t.Context(), env, tier()[:2], reconcile.ApplyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	vpc, subnet := res.Outcomes[0], res.Outcomes[1]
	if vpc.Status != reconcile.StatusRefused || subnet.Status != reconcile.StatusDone {
		t.Fatalf("statuses %s, %s: want the VPC refused and its subnet created in the kept one", vpc.Status, subnet.Status)
	}
	msg := vpc.Err.Error()
	if !strings.Contains(msg, old) || !strings.Contains(msg, young) || !strings.Contains(msg, "subnets") {
		t.Errorf("refusal %q: want both IDs and the subnet", msg)
	}
	if got := vpcIDs(t, h); len(got) != 2 {
		t.Errorf("VPCs after a refusal: %v", got)
	}
}

func notesAt(rep drift.Report, a desired.Address) []string {
	for _, c := range rep.Changes {
		if c.Address == a {
			return c.Notes
		}
	}
	return nil
}

// Each kind's DeleteTwin refuses while AWS shows a dependent, and deletes
// once there is none.
func TestDeleteTwinChecksDependentsRightBefore(t *testing.T) {
	h, _, _ := twinHarness(t)
	vpc := h.create(t, tier()[0]).ID
	heal := func(kind, id string) error {
		return h.kinds[kind].(reconcile.TwinHealer).DeleteTwin(t.Context(), reconcile.Live{}, reconcile.Twin{ID: id, CreatedAt: time.Now()})
	}
	igw, _ := h.ec2.CreateInternetGateway(t.Context(), &ec2.CreateInternetGatewayInput{})
	igwID := aws.ToString(igw.InternetGateway.InternetGatewayId)
	if _, err := h.ec2.AttachInternetGateway(t.Context(), &ec2.AttachInternetGatewayInput{InternetGatewayId: &igwID, VpcId: &vpc}); err != nil {
		t.Fatal(err)
	}
	groups := map[string]string{}
	for _, name := range []string{"a", "b"} {
		g, err := h.ec2.CreateSecurityGroup(t.Context(), &ec2.CreateSecurityGroupInput{VpcId: &vpc, GroupName: aws.String(name), Description: aws.String(name)})
		if err != nil {
			t.Fatal(err)
		}
		groups[name] = aws.ToString(g.GroupId)
	}
	_, err := h.ec2.AuthorizeSecurityGroupIngress(t.Context(), &ec2.AuthorizeSecurityGroupIngressInput{GroupId: aws.String(groups["b"]),
		IpPermissions: []types.IpPermission{{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(80), ToPort: aws.Int32(80),
			UserIdGroupPairs: []types.UserIdGroupPair{{GroupId: aws.String(groups["a"])}}}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ kind, id, want string }{
		{"ec2.vpc", vpc, "internet gateways attached " + igwID},
		{"ec2.internet_gateway", igwID, "attached to " + vpc},
		{"ec2.security_group", groups["a"], "reference it " + groups["b"]},
	} {
		if err := heal(c.kind, c.id); err == nil || !reconcile.IsTerminal(err) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("DeleteTwin(%s %s) = %v, want a terminal refusal naming %q", c.kind, c.id, err, c.want)
		}
	}
	if _, err := h.ec2.DetachInternetGateway(t.Context(), &ec2.DetachInternetGatewayInput{InternetGatewayId: &igwID, VpcId: &vpc}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ kind, id string }{{"ec2.internet_gateway", igwID}, {"ec2.security_group", groups["b"]}, {"ec2.security_group", groups["a"]}} {
		if err := heal(c.kind, c.id); err != nil {
			t.Errorf("DeleteTwin(%s %s) with no dependent: %v", c.kind, c.id, err)
		}
	}
	if err := heal("ec2.vpc", vpc); err != nil {
		t.Errorf("DeleteTwin of the emptied VPC: %v", err)
	}
	if got := vpcIDs(t, h); len(got) != 0 {
		t.Errorf("VPCs left: %v", got)
	}
}
