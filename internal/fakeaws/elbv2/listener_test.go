package elbv2_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func describeListener(t *testing.T, c *elb.Client, arn string) types.Listener {
	t.Helper()
	out, err := c.DescribeListeners(t.Context(), &elb.DescribeListenersInput{ListenerArns: []string{arn}})
	if err != nil {
		t.Fatal(err)
	}
	return out.Listeners[0]
}

var ignoreUnexported = cmpopts.IgnoreUnexported(types.Action{}, types.RedirectActionConfig{}, types.FixedResponseActionConfig{},
	types.Certificate{}, types.RuleCondition{}, types.PathPatternConditionConfig{}, types.HostHeaderConditionConfig{})

// A redirect keeps what was given and fills the rest with the #{…}
// placeholders; a fixed response comes back exactly.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_RedirectActionConfig.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_FixedResponseActionConfig.html
func TestRedirectAndFixedResponseRoundTrip(t *testing.T) {
	_, c, _ := start(t)
	lb := mustLB(t, c, "web")
	redirect := types.Action{Type: types.ActionTypeEnumRedirect, Order: aws.Int32(1), RedirectConfig: &types.RedirectActionConfig{
		Protocol: aws.String("HTTPS"), Port: aws.String("443"), StatusCode: types.RedirectActionStatusCodeEnumHttp301,
	}}
	out, err := c.CreateListener(t.Context(), &elb.CreateListenerInput{LoadBalancerArn: lb.LoadBalancerArn, Port: aws.Int32(80),
		Protocol: types.ProtocolEnumHttp, DefaultActions: []types.Action{redirect}})
	if err != nil {
		t.Fatal(err)
	}
	want := redirect
	want.RedirectConfig = &types.RedirectActionConfig{Protocol: aws.String("HTTPS"), Port: aws.String("443"), StatusCode: types.RedirectActionStatusCodeEnumHttp301,
		Host: aws.String("#{host}"), Path: aws.String("/#{path}"), Query: aws.String("#{query}")}
	if d := cmp.Diff([]types.Action{want}, describeListener(t, c, *out.Listeners[0].ListenerArn).DefaultActions, ignoreUnexported); d != "" {
		t.Errorf("redirect (-want +got):\n%s", d)
	}
	fixed := types.Action{Type: types.ActionTypeEnumFixedResponse, Order: aws.Int32(1), FixedResponseConfig: &types.FixedResponseActionConfig{
		StatusCode: aws.String("404"), ContentType: aws.String("application/json"), MessageBody: aws.String(`{"error":"not found"}`),
	}}
	out, err = c.CreateListener(t.Context(), &elb.CreateListenerInput{LoadBalancerArn: lb.LoadBalancerArn, Port: aws.Int32(8080),
		Protocol: types.ProtocolEnumHttp, DefaultActions: []types.Action{fixed}})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]types.Action{fixed}, describeListener(t, c, *out.Listeners[0].ListenerArn).DefaultActions, ignoreUnexported); d != "" {
		t.Errorf("fixed response (-want +got):\n%s", d)
	}
}

// A forward action is described with its ForwardConfig too, as AWS does.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_Action.html
func TestForwardActionDescribedWithForwardConfig(t *testing.T) {
	_, c, _ := start(t)
	lb, tg := mustLB(t, c, "web"), mustTG(t, c, "app")
	l := mustHTTPListener(t, c, *lb.LoadBalancerArn, *tg.TargetGroupArn)
	a := describeListener(t, c, *l.ListenerArn).DefaultActions[0]
	if aws.ToString(a.TargetGroupArn) != *tg.TargetGroupArn || a.ForwardConfig == nil || len(a.ForwardConfig.TargetGroups) != 1 ||
		aws.ToInt32(a.ForwardConfig.TargetGroups[0].Weight) != 1 {
		t.Errorf("forward action = %+v", a)
	}
	_, err := c.CreateListener(t.Context(), &elb.CreateListenerInput{LoadBalancerArn: lb.LoadBalancerArn, Port: aws.Int32(81),
		Protocol: types.ProtocolEnumHttp, DefaultActions: forward(*tg.TargetGroupArn + "0")})
	wantCode(t, err, "TargetGroupNotFound")
}

// The certificate and the SSL policy are kept; without a policy the API
// default applies.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateListener.html
func TestHTTPSListenerKeepsCertificateAndPolicy(t *testing.T) {
	_, c, _ := start(t)
	lb, tg := mustLB(t, c, "web"), mustTG(t, c, "app")
	out, err := c.CreateListener(t.Context(), &elb.CreateListenerInput{LoadBalancerArn: lb.LoadBalancerArn, Port: aws.Int32(443),
		Protocol: types.ProtocolEnumHttps, SslPolicy: aws.String("ELBSecurityPolicy-TLS13-1-2-2021-06"),
		Certificates: []types.Certificate{{CertificateArn: aws.String(issuedCert)}}, DefaultActions: forward(*tg.TargetGroupArn)})
	if err != nil {
		t.Fatal(err)
	}
	got := describeListener(t, c, *out.Listeners[0].ListenerArn)
	if aws.ToString(got.SslPolicy) != "ELBSecurityPolicy-TLS13-1-2-2021-06" || len(got.Certificates) != 1 || aws.ToString(got.Certificates[0].CertificateArn) != issuedCert {
		t.Errorf("listener = policy %v certs %+v", aws.ToString(got.SslPolicy), got.Certificates)
	}
	out, err = c.CreateListener(t.Context(), &elb.CreateListenerInput{LoadBalancerArn: lb.LoadBalancerArn, Port: aws.Int32(8443),
		Protocol: types.ProtocolEnumHttps, Certificates: []types.Certificate{{CertificateArn: aws.String(issuedCert)}}, DefaultActions: forward(*tg.TargetGroupArn)})
	if err != nil {
		t.Fatal(err)
	}
	if p := aws.ToString(out.Listeners[0].SslPolicy); p != "ELBSecurityPolicy-2016-08" {
		t.Errorf("default policy = %s", p)
	}
	_, err = c.CreateListener(t.Context(), &elb.CreateListenerInput{LoadBalancerArn: lb.LoadBalancerArn, Port: aws.Int32(9443),
		Protocol: types.ProtocolEnumHttps, DefaultActions: forward(*tg.TargetGroupArn)})
	wantCode(t, err, "ValidationError")
	_, err = c.CreateListener(t.Context(), &elb.CreateListenerInput{LoadBalancerArn: lb.LoadBalancerArn, Port: aws.Int32(9443), SslPolicy: aws.String("Made-Up"),
		Protocol: types.ProtocolEnumHttps, Certificates: []types.Certificate{{CertificateArn: aws.String(issuedCert)}}, DefaultActions: forward(*tg.TargetGroupArn)})
	wantCode(t, err, "SSLPolicyNotFound")
}

// A certificate that is not yet ISSUED is refused (UnsupportedCertificate,
// as AWS answers in practice); an unknown one is CertificateNotFound.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateListener.html
func TestHTTPSListenerRefusesCertificateNotIssued(t *testing.T) {
	_, c, _ := start(t)
	lb, tg := mustLB(t, c, "web"), mustTG(t, c, "app")
	for cert, code := range map[string]string{pendingCert: "UnsupportedCertificate", issuedCert + "0": "CertificateNotFound"} {
		_, err := c.CreateListener(t.Context(), &elb.CreateListenerInput{LoadBalancerArn: lb.LoadBalancerArn, Port: aws.Int32(443),
			Protocol: types.ProtocolEnumHttps, Certificates: []types.Certificate{{CertificateArn: aws.String(cert)}}, DefaultActions: forward(*tg.TargetGroupArn)})
		wantCode(t, err, code)
	}
}

// Identical creates succeed; another listener on the port is
// DuplicateListener, on create and on modify.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateListener.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_ModifyListener.html
func TestDuplicateListener(t *testing.T) {
	_, c, _ := start(t)
	lb, tg, other := mustLB(t, c, "web"), mustTG(t, c, "app"), mustTG(t, c, "other")
	first := mustHTTPListener(t, c, *lb.LoadBalancerArn, *tg.TargetGroupArn)
	if again := mustHTTPListener(t, c, *lb.LoadBalancerArn, *tg.TargetGroupArn); *again.ListenerArn != *first.ListenerArn {
		t.Errorf("identical create made %s", *again.ListenerArn)
	}
	_, err := c.CreateListener(t.Context(), &elb.CreateListenerInput{LoadBalancerArn: lb.LoadBalancerArn, Port: aws.Int32(80),
		Protocol: types.ProtocolEnumHttp, DefaultActions: forward(*other.TargetGroupArn)})
	wantCode(t, err, "DuplicateListener")
	second, err := c.CreateListener(t.Context(), &elb.CreateListenerInput{LoadBalancerArn: lb.LoadBalancerArn, Port: aws.Int32(81),
		Protocol: types.ProtocolEnumHttp, DefaultActions: forward(*other.TargetGroupArn)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ModifyListener(t.Context(), &elb.ModifyListenerInput{ListenerArn: second.Listeners[0].ListenerArn, Port: aws.Int32(80)})
	wantCode(t, err, "DuplicateListener")
}

// Unspecified properties keep their values; moving to HTTPS needs an
// issued certificate.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_ModifyListener.html
func TestModifyListener(t *testing.T) {
	_, c, _ := start(t)
	lb, tg := mustLB(t, c, "web"), mustTG(t, c, "app")
	l := mustHTTPListener(t, c, *lb.LoadBalancerArn, *tg.TargetGroupArn)
	_, err := c.ModifyListener(t.Context(), &elb.ModifyListenerInput{ListenerArn: l.ListenerArn, Protocol: types.ProtocolEnumHttps, Port: aws.Int32(443),
		Certificates: []types.Certificate{{CertificateArn: aws.String(pendingCert)}}})
	wantCode(t, err, "UnsupportedCertificate")
	out, err := c.ModifyListener(t.Context(), &elb.ModifyListenerInput{ListenerArn: l.ListenerArn, Protocol: types.ProtocolEnumHttps, Port: aws.Int32(443),
		Certificates: []types.Certificate{{CertificateArn: aws.String(issuedCert)}}})
	if err != nil {
		t.Fatal(err)
	}
	got := out.Listeners[0]
	if *got.Port != 443 || got.Protocol != types.ProtocolEnumHttps || aws.ToString(got.DefaultActions[0].TargetGroupArn) != *tg.TargetGroupArn {
		t.Errorf("after modify: %+v", got)
	}
	_, err = c.ModifyListener(t.Context(), &elb.ModifyListenerInput{ListenerArn: aws.String(*l.ListenerArn + "0"), Port: aws.Int32(82)})
	wantCode(t, err, "ListenerNotFound")
}
