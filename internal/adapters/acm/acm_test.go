package acm

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	rgt "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi"
	rgttypes "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi/types"

	"github.com/everruns/reconciler/internal/adapters/tagging"
	"github.com/everruns/reconciler/internal/fakeaws"
	fakeacm "github.com/everruns/reconciler/internal/fakeaws/acm"
	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

const dns = 5 * time.Minute

var prod = desired.Identity{Project: "everruns", Environment: "production"}

type env struct {
	srv *fakeaws.Server
	cfg aws.Config
	k   *Kind
	res desired.Resource
}

func start(t *testing.T) env {
	t.Helper()
	srv, cfg := fakeawstest.Start(t, fakeaws.WithTiming(core.Timing{CertificateDNS: dns}))
	envf, diags := desired.Load("../../../deploy/environment.yaml")
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	e := env{srv: srv, cfg: cfg, k: New(acm.NewFromConfig(cfg), WithClock(srv.Clock().Now))}
	for _, r := range envf.Resources() {
		if r.Address == "certificate.main" {
			e.res = r
		}
	}
	return e
}

func (e env) observe(t *testing.T) (reconcile.Live, bool) {
	t.Helper()
	m, err := e.k.Observe(t.Context(), prod)
	if err != nil {
		t.Fatalf("Observe: %v", err)
	}
	l, ok := m[e.res.Address]
	return l, ok
}

func (e env) create(t *testing.T) reconcile.Live {
	t.Helper()
	l, err := e.k.Create(t.Context(), prod, e.res)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	return l
}

func notes(l reconcile.Live, prefix string) []string {
	var out []string
	for _, n := range l.Notes {
		if strings.HasPrefix(n, prefix) {
			out = append(out, n)
		}
	}
	return out
}

func TestRequestIsIdempotentByToken(t *testing.T) {
	e := start(t)
	first, second := e.create(t), e.create(t) // a create retried after a lost answer
	if first.ID == "" || first.ID != second.ID {
		t.Fatalf("two requests gave %q and %q, want one certificate", first.ID, second.ID)
	}
	out, err := acm.NewFromConfig(e.cfg).ListCertificates(t.Context(), &acm.ListCertificatesInput{})
	if err != nil || len(out.CertificateSummaryList) != 1 {
		t.Fatalf("certificates in the account: %d (%v), want 1", len(out.CertificateSummaryList), err)
	}
	l, ok := e.observe(t)
	if !ok || l.ID != first.ID {
		t.Fatalf("observed %v %q, want %s", ok, l.ID, first.ID)
	}
	if ch := drift.CompareObserved(e.res, drift.Observed{Exists: true, Fields: l.Fields}); ch.Action != drift.ActionNone {
		t.Errorf("drift right after the request: %+v", ch.Fields)
	}
}

func TestPendingValidationReportsTheCNAMEThenIssues(t *testing.T) {
	e := start(t)
	created := e.create(t)
	l, _ := e.observe(t)
	cname := notes(l, "create CNAME _")
	if l.Ready || l.Status != "PENDING_VALIDATION" || len(cname) != 1 || !strings.HasSuffix(cname[0], "to validate poc.everruns.com") ||
		!strings.Contains(cname[0], ".acm-validations.aws.") {
		t.Fatalf("pending certificate: ready %v, status %q, notes %q", l.Ready, l.Status, l.Notes)
	}
	if rec := l.Attrs[names.AttrCertificateValidationRecords]; rec == "" || !strings.Contains(cname[0], "CNAME "+rec+" → ") {
		t.Errorf("validation record attr %q, want the CNAME's name of %q", rec, cname[0])
	}
	if len(notes(created, "create CNAME")) != 1 {
		t.Errorf("Create's notes %q lack the CNAME", created.Notes)
	}
	if !strings.Contains(l.NeedsPerson, cname[0]) {
		t.Errorf("a pending certificate must say what a person has to do: NeedsPerson %q", l.NeedsPerson)
	}
	e.srv.Service("acm").(*fakeacm.Service).MarkValidated(created.ID)
	e.srv.Clock().Advance(dns)
	l, _ = e.observe(t)
	if !l.Ready || l.Status != "ISSUED" || len(notes(l, "create CNAME")) != 0 || len(notes(l, "expires ")) != 1 || l.Attrs[names.AttrCertificateNotAfter] == "" || l.Attrs[names.AttrCertificateValidationRecords] != "" {
		t.Fatalf("issued certificate: ready %v, status %q, notes %q, attrs %v", l.Ready, l.Status, l.Notes, l.Attrs)
	}
	if l.NeedsPerson != "" {
		t.Errorf("an issued certificate needs no person: %q", l.NeedsPerson)
	}
	if len(notes(l, "WARNING:")) != 0 {
		t.Errorf("a new certificate warns: %q", l.Notes)
	}
	// INELIGIBLE until the listener uses it, seconds later, then ELIGIBLE:
	// the note does not carry a state that is about to change.
	if e := notes(l, "expires "); len(e) != 1 || strings.Contains(e[0], "ELIGIBLE") {
		t.Errorf("issued, not yet in use: notes %q, want the expiry without the transient eligibility", l.Notes)
	}
	// Thirteen months later, less 20 days: not in use, so ACM did not renew.
	e.srv.Clock().Advance(395*24*time.Hour - 20*24*time.Hour)
	l, _ = e.observe(t)
	if w := notes(l, "WARNING:"); len(w) != 1 || !strings.Contains(w[0], "expires in 20 days") || !strings.Contains(w[0], "not in use") {
		t.Errorf("20 days before expiry: notes %q, want one WARNING", l.Notes)
	}
}

func TestDeletedOutOfBandIsAbsent(t *testing.T) {
	e := start(t)
	l := e.create(t)
	if _, err := acm.NewFromConfig(e.cfg).DeleteCertificate(t.Context(), &acm.DeleteCertificateInput{CertificateArn: aws.String(l.ID)}); err != nil {
		t.Fatal(err)
	}
	if _, ok := e.observe(t); ok {
		t.Fatal("a deleted certificate is observed")
	}
}

func TestDeleteInUseIsATerminalErrorNamingTheUser(t *testing.T) {
	e := start(t)
	l := e.create(t)
	e.srv.Service("acm").(*fakeacm.Service).MarkValidated(l.ID)
	e.srv.Clock().Advance(dns)
	lb := httpsListener(t, e.cfg, l.ID)
	err := e.k.Delete(t.Context(), l)
	if !reconcile.IsTerminal(err) || !strings.Contains(err.Error(), "in use by "+lb) {
		t.Fatalf("Delete of a certificate in use: %v (terminal %v)", err, reconcile.IsTerminal(err))
	}
	if _, ok := e.observe(t); !ok {
		t.Error("the certificate in use is gone")
	}
}

// httpsListener puts certARN on an HTTPS listener of a new load balancer
// and returns the load balancer's ARN.
func httpsListener(t *testing.T, cfg aws.Config, certARN string) string {
	t.Helper()
	e2, lb := ec2.NewFromConfig(cfg), elb.NewFromConfig(cfg)
	vpc, err := e2.CreateVpc(t.Context(), &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16")})
	if err != nil {
		t.Fatal(err)
	}
	var subnets []string
	for i, az := range []string{"us-east-1a", "us-east-1b"} {
		sn, err := e2.CreateSubnet(t.Context(), &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, AvailabilityZone: aws.String(az),
			CidrBlock: aws.String([]string{"10.0.1.0/24", "10.0.2.0/24"}[i])})
		if err != nil {
			t.Fatal(err)
		}
		subnets = append(subnets, aws.ToString(sn.Subnet.SubnetId))
	}
	out, err := lb.CreateLoadBalancer(t.Context(), &elb.CreateLoadBalancerInput{Name: aws.String("web"), Subnets: subnets})
	if err != nil {
		t.Fatal(err)
	}
	arn := out.LoadBalancers[0].LoadBalancerArn
	_, err = lb.CreateListener(t.Context(), &elb.CreateListenerInput{LoadBalancerArn: arn, Port: aws.Int32(443), Protocol: elbtypes.ProtocolEnumHttps,
		Certificates: []elbtypes.Certificate{{CertificateArn: aws.String(certARN)}},
		DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumFixedResponse,
			FixedResponseConfig: &elbtypes.FixedResponseActionConfig{StatusCode: aws.String("404")}}}})
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(arn)
}

// In a pass whose tagging index names the certificate, it is described
// and nothing is listed; once it is deleted (the index may still name
// it for a while), the certificates are listed, so a new one is found.
func TestCertificateFromTheIndexListsOnlyWhenTheIndexNamesNoLiveOne(t *testing.T) {
	e := start(t)
	first := e.create(t)
	k := New(acm.NewFromConfig(e.cfg), WithClock(e.srv.Clock().Now), WithTagIndex(tagging.New(e.cfg)))
	e.srv.ResetCalls()
	got, err := k.Observe(reconcile.WithPass(t.Context()), prod)
	if err != nil {
		t.Fatal(err)
	}
	if l, ok := got[e.res.Address]; !ok || l.ID != first.ID {
		t.Fatalf("observed %v, want %s", got, first.ID)
	}
	if c := e.srv.Calls(); c["acm:ListCertificates"] != 0 || c["acm:ListTagsForCertificate"] != 0 || c["acm:DescribeCertificate"] != 1 {
		t.Errorf("calls %v, want one DescribeCertificate and nothing listed", c)
	}

	if _, err := acm.NewFromConfig(e.cfg).DeleteCertificate(t.Context(), &acm.DeleteCertificateInput{CertificateArn: aws.String(first.ID)}); err != nil {
		t.Fatal(err)
	}
	stale := staleIndex{arn: first.ID}
	second := e.create(t)
	k = New(acm.NewFromConfig(e.cfg), WithClock(e.srv.Clock().Now), WithTagIndex(tagging.NewWith(stale)))
	e.srv.ResetCalls()
	got, err = k.Observe(reconcile.WithPass(t.Context()), prod)
	if err != nil {
		t.Fatal(err)
	}
	if l := got[e.res.Address]; l.ID != second.ID {
		t.Errorf("observed %s, want the new certificate %s", l.ID, second.ID)
	}
	if c := e.srv.Calls(); c["acm:ListCertificates"] != 1 {
		t.Errorf("calls %v, want the certificates listed when the index names only a deleted one", c)
	}
}

// staleIndex names only one certificate, claimed by the environment, as a
// lagging index would after it was deleted.
type staleIndex struct{ arn string }

func (s staleIndex) GetResources(context.Context, *rgt.GetResourcesInput, ...func(*rgt.Options)) (*rgt.GetResourcesOutput, error) {
	return &rgt.GetResourcesOutput{ResourceTagMappingList: []rgttypes.ResourceTagMapping{{ResourceARN: aws.String(s.arn),
		Tags: []rgttypes.Tag{{Key: aws.String(names.TagProject), Value: aws.String("everruns")},
			{Key: aws.String(names.TagEnvironment), Value: aws.String("production")},
			{Key: aws.String(names.TagAddress), Value: aws.String("certificate.main")}}}}}, nil
}
