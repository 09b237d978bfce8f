package elbv2_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/everruns/reconciler/internal/adapters/elbv2"
	"github.com/everruns/reconciler/internal/adapters/kit/kittest"
	"github.com/everruns/reconciler/internal/fakeaws"
	fakeacm "github.com/everruns/reconciler/internal/fakeaws/acm"
	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

const provisioning = 3 * time.Minute

// env is the identity the shipped file gives its resources.
var env = desired.Identity{Project: "everruns", Environment: "production"}

// harness is the fake AWS with the tier's adapters in front of it, the
// shipped file's load balancer resources, and the IDs of what they refer
// to, so refs resolve as the engine would resolve them.
type harness struct {
	srv   *fakeaws.Server
	elb   *elb.Client
	ec2   *ec2.Client
	cfg   aws.Config
	kinds map[string]reconcile.Kind
	want  map[desired.Address]desired.Resource
	live  map[desired.Address]reconcile.Live
}

func start(t *testing.T) *harness {
	t.Helper()
	timing := core.DefaultTiming()
	timing.LoadBalancer = provisioning
	srv, cfg := fakeawstest.Start(t, fakeaws.WithTiming(timing))
	h := &harness{srv: srv, elb: elb.NewFromConfig(cfg), ec2: ec2.NewFromConfig(cfg), cfg: cfg,
		want: map[desired.Address]desired.Resource{}, live: map[desired.Address]reconcile.Live{}}
	h.kinds = elbv2.Kinds(h.elb)
	loaded, diags := desired.Load("../../../deploy/environment.yaml")
	if diags.HasErrors() {
		t.Fatalf("load: %v", diags)
	}
	for _, r := range loaded.Resources() {
		h.want[r.Address] = r
	}
	h.network(t)
	h.certificate(t, cfg)
	return h
}

// network makes the VPC, the two public subnets and the ALB's group the
// load balancer refers to, plus a third subnet and a spare group.
func (h *harness) network(t *testing.T) {
	t.Helper()
	vpc, err := h.ec2.CreateVpc(t.Context(), &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16")})
	must(t, err)
	h.set("network.vpc", aws.ToString(vpc.Vpc.VpcId))
	for addr, s := range map[string][2]string{
		"network.subnet.public-a": {"10.0.1.0/24", "us-east-1a"},
		"network.subnet.public-b": {"10.0.2.0/24", "us-east-1b"},
		"spare.subnet-c":          {"10.0.3.0/24", "us-east-1c"},
	} {
		out, err := h.ec2.CreateSubnet(t.Context(), &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, CidrBlock: aws.String(s[0]), AvailabilityZone: aws.String(s[1])})
		must(t, err)
		h.set(addr, aws.ToString(out.Subnet.SubnetId))
	}
	for _, addr := range []string{"network.security_group.alb", "spare.group"} {
		out, err := h.ec2.CreateSecurityGroup(t.Context(), &ec2.CreateSecurityGroupInput{
			VpcId: vpc.Vpc.VpcId, GroupName: aws.String(addr), Description: aws.String(addr),
			TagSpecifications: []ec2types.TagSpecification{},
		})
		must(t, err)
		h.set(addr, aws.ToString(out.GroupId))
	}
}

// certificate requests the file's certificate and has it ISSUED.
func (h *harness) certificate(t *testing.T, cfg aws.Config) {
	t.Helper()
	out, err := acm.NewFromConfig(cfg).RequestCertificate(t.Context(), &acm.RequestCertificateInput{DomainName: aws.String("poc.everruns.com"), ValidationMethod: acmtypes.ValidationMethodDns})
	must(t, err)
	h.srv.Service("acm").(*fakeacm.Service).MarkValidated(aws.ToString(out.CertificateArn))
	h.srv.Clock().Advance(time.Hour)
	h.set("certificate.main", aws.ToString(out.CertificateArn))
}

func (h *harness) set(addr, id string) {
	h.live[desired.Address(addr)] = reconcile.Live{ID: id}
}

// resource is the file's resource at addr, refs resolved.
func (h *harness) resource(t *testing.T, addr string) desired.Resource {
	t.Helper()
	r, ok := h.want[desired.Address(addr)]
	if !ok {
		t.Fatalf("the file has no %s", addr)
	}
	return kittest.Resolve(r, func(ref desired.Ref) string { return h.live[ref.Address].ID })
}

func (h *harness) create(t *testing.T, r desired.Resource) reconcile.Live {
	t.Helper()
	l := kittest.Create(t, h.kinds[r.Kind], env, r)
	h.live[r.Address] = l
	return l
}

// createAll creates the file's load balancer tier in dependency order.
func (h *harness) createAll(t *testing.T) {
	t.Helper()
	for _, addr := range []string{"loadbalancer.alb", "loadbalancer.target_group.api", "loadbalancer.target_group.ui",
		"loadbalancer.listener.http", "loadbalancer.listener.https", "loadbalancer.rule.api", "loadbalancer.rule.health",
		"loadbalancer.rule.openapi", "loadbalancer.rule.swagger"} {
		h.create(t, h.resource(t, addr))
	}
}

func (h *harness) observe(t *testing.T, kind string) map[desired.Address]reconcile.Live {
	t.Helper()
	return kittest.Observe(t, h.kinds[kind], env)
}

// drift is what separates r from AWS, as the engine computes it.
func (h *harness) drift(t *testing.T, r desired.Resource) (reconcile.Live, drift.Change) {
	t.Helper()
	live, ok := h.observe(t, r.Kind)[r.Address]
	return live, drift.Compare(r, ok, live.Fields)
}

// wantInSync fails unless AWS holds r exactly.
func (h *harness) wantInSync(t *testing.T, r desired.Resource) {
	t.Helper()
	if _, c := h.drift(t, r); c.Action != drift.ActionNone {
		t.Errorf("%s: action %s, fields %s; want in sync", r.Address, c.Action, show(c.Fields))
	}
}

// update observes r, and updates it by the drift, as the engine would.
func (h *harness) update(t *testing.T, r desired.Resource) {
	t.Helper()
	live, c := h.drift(t, r)
	if c.Action != drift.ActionUpdate {
		t.Fatalf("%s: action %s, fields %s; want update", r.Address, c.Action, show(c.Fields))
	}
	if _, err := h.kinds[r.Kind].Update(t.Context(), env, r, live, drift.Delta(c.Fields)); err != nil {
		t.Fatalf("Update(%s): %v", r.Address, err)
	}
}

func show(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// env2 is another environment of the same project in the same account.
var env2 = desired.Identity{Project: "everruns", Environment: "staging"}

func keys[V any](m map[desired.Address]V) []desired.Address {
	var out []desired.Address
	for k := range m {
		out = append(out, k)
	}
	return out
}

// deltaOf is the drift of r against fields, as the engine hands it over.
func deltaOf(r desired.Resource, fields map[string]any) drift.Delta {
	return drift.Delta(drift.Compare(r, true, fields).Fields)
}

func (h *harness) pathCondition(path string) []elbtypes.RuleCondition {
	return []elbtypes.RuleCondition{{Field: aws.String("path-pattern"), Values: []string{path}}}
}

func (h *harness) forward(tg desired.Address) []elbtypes.Action {
	return []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: aws.String(h.live[tg].ID)}}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
