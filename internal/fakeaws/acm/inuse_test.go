package acm_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/acm/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

// httpsListener creates, through EC2 and ELBv2, a load balancer with an
// HTTPS listener that serves certARN, and returns the listener's and the
// load balancer's ARNs.
func httpsListener(t *testing.T, cfg aws.Config, certARN string) (listenerARN, lbARN string) {
	t.Helper()
	e2, lb := ec2.NewFromConfig(cfg), elb.NewFromConfig(cfg)
	vpc, err := e2.CreateVpc(t.Context(), &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16")})
	if err != nil {
		t.Fatalf("CreateVpc: %v", err)
	}
	var subnets []string
	for n, az := range []string{"us-east-1a", "us-east-1b"} {
		sn, err := e2.CreateSubnet(t.Context(), &ec2.CreateSubnetInput{VpcId: vpc.Vpc.VpcId, AvailabilityZone: aws.String(az), CidrBlock: aws.String("10.0." + string(rune('1'+n)) + ".0/24")})
		if err != nil {
			t.Fatalf("CreateSubnet: %v", err)
		}
		subnets = append(subnets, aws.ToString(sn.Subnet.SubnetId))
	}
	out, err := lb.CreateLoadBalancer(t.Context(), &elb.CreateLoadBalancerInput{Name: aws.String("web"), Subnets: subnets})
	if err != nil {
		t.Fatalf("CreateLoadBalancer: %v", err)
	}
	lbARN = aws.ToString(out.LoadBalancers[0].LoadBalancerArn)
	l, err := lb.CreateListener(t.Context(), &elb.CreateListenerInput{
		LoadBalancerArn: aws.String(lbARN), Port: aws.Int32(443), Protocol: elbtypes.ProtocolEnumHttps,
		Certificates: []elbtypes.Certificate{{CertificateArn: aws.String(certARN)}},
		DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumFixedResponse,
			FixedResponseConfig: &elbtypes.FixedResponseActionConfig{StatusCode: aws.String("404")}}},
	})
	if err != nil {
		t.Fatalf("CreateListener: %v", err)
	}
	return aws.ToString(l.Listeners[0].ListenerArn), lbARN
}

// https://docs.aws.amazon.com/acm/latest/APIReference/API_DeleteCertificate.html
// ("You cannot delete an ACM certificate that is being used by another AWS
// service": ResourceInUseException)
// https://docs.aws.amazon.com/acm/latest/APIReference/API_CertificateDetail.html
// (InUseBy: the ARNs of the resources using the certificate)
func TestDeleteCertificateInUse(t *testing.T) {
	srv, cfg := fakeawstest.Start(t, fakeaws.WithTiming(core.Timing{CertificateDNS: dns}))
	e := env{srv: srv, acm: acm.NewFromConfig(cfg)}
	arn := e.request(t, "app.example.com")
	e.fake().MarkValidated(arn)
	srv.Clock().Advance(dns)
	listenerARN, lbARN := httpsListener(t, cfg, arn)
	if got := e.describe(t, arn).InUseBy; len(got) != 1 || got[0] != lbARN {
		t.Errorf("InUseBy = %v, want [%s]", got, lbARN)
	}
	_, err := e.acm.DeleteCertificate(t.Context(), &acm.DeleteCertificateInput{CertificateArn: aws.String(arn)})
	wantCode(t, err, "ResourceInUseException")
	if _, err := elb.NewFromConfig(cfg).DeleteListener(t.Context(), &elb.DeleteListenerInput{ListenerArn: aws.String(listenerARN)}); err != nil {
		t.Fatalf("DeleteListener: %v", err)
	}
	if got := e.describe(t, arn).InUseBy; len(got) != 0 {
		t.Errorf("InUseBy after the listener is gone = %v, want none", got)
	}
	if _, err := e.acm.DeleteCertificate(t.Context(), &acm.DeleteCertificateInput{CertificateArn: aws.String(arn)}); err != nil {
		t.Errorf("DeleteCertificate once unused: %v", err)
	}
}

// https://docs.aws.amazon.com/acm/latest/userguide/managed-renewal.html
// https://docs.aws.amazon.com/acm/latest/APIReference/API_RenewalSummary.html
// An issued certificate lasts 13 months (NotAfter); one in use is
// ELIGIBLE for renewal, which starts 60 days before expiry
// (PENDING_AUTO_RENEWAL) and, its CNAME still in place, succeeds with a
// later NotAfter. DNS validation names the CNAME in ResourceRecord.
func TestCertificateRenewal(t *testing.T) {
	srv, cfg := fakeawstest.Start(t, fakeaws.WithTiming(core.Timing{CertificateDNS: dns}))
	e := env{srv: srv, acm: acm.NewFromConfig(cfg)}
	arn := e.request(t, "app.example.com")
	rr := e.describe(t, arn).DomainValidationOptions[0].ResourceRecord
	if rr == nil || rr.Type != types.RecordTypeCname || aws.ToString(rr.Value) == "" {
		t.Fatalf("ResourceRecord = %+v, want a CNAME", rr)
	}
	e.fake().MarkValidated(arn)
	srv.Clock().Advance(dns)
	issued := srv.Clock().Now()
	c := e.describe(t, arn)
	if !aws.ToTime(c.NotAfter).Equal(issued.Add(395*24*time.Hour)) || c.RenewalEligibility != types.RenewalEligibilityIneligible || c.RenewalSummary != nil {
		t.Errorf("unused: NotAfter %v eligibility %s summary %+v; want issued+395d, INELIGIBLE, none", c.NotAfter, c.RenewalEligibility, c.RenewalSummary)
	}
	httpsListener(t, cfg, arn)
	if got := e.describe(t, arn).RenewalEligibility; got != types.RenewalEligibilityEligible {
		t.Errorf("in use: eligibility %s, want ELIGIBLE", got)
	}
	srv.Clock().Advance(issued.Add(335 * 24 * time.Hour).Sub(srv.Clock().Now()))
	c = e.describe(t, arn)
	if c.RenewalSummary == nil || c.RenewalSummary.RenewalStatus != types.RenewalStatusPendingAutoRenewal {
		t.Fatalf("60 days before expiry: RenewalSummary %+v, want PENDING_AUTO_RENEWAL", c.RenewalSummary)
	}
	srv.Clock().Advance(dns)
	c = e.describe(t, arn)
	if c.RenewalSummary == nil || c.RenewalSummary.RenewalStatus != types.RenewalStatusSuccess || !aws.ToTime(c.NotAfter).After(issued.Add(395*24*time.Hour)) {
		t.Errorf("after renewal: RenewalSummary %+v NotAfter %v; want SUCCESS and a later NotAfter", c.RenewalSummary, c.NotAfter)
	}
}
