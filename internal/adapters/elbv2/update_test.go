package elbv2_test

import (
	"maps"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
)

// Each field the file manages is changed in place by the call that owns
// it, and only that call: after the update, AWS holds the file's value.
func TestUpdatesPerField(t *testing.T) {
	lb, tg, hc, l := names.LoadBalancer, names.TargetGroup, names.HealthCheck, names.Listener
	cases := map[string]struct {
		addr   string
		change func(h *harness, f map[string]any)
		call   string
	}{
		"alb subnets": {"loadbalancer.alb", func(h *harness, f map[string]any) {
			f[lb.Subnets] = desired.Set{h.live["network.subnet.public-a"].ID, h.live["spare.subnet-c"].ID}
		}, "SetSubnets"},
		"alb security groups": {"loadbalancer.alb", func(h *harness, f map[string]any) {
			f[lb.SecurityGroups] = desired.Set{h.live["spare.group"].ID}
		}, "SetSecurityGroups"},
		"alb deletion protection": {"loadbalancer.alb", func(_ *harness, f map[string]any) { f[lb.DeletionProtection] = false }, "ModifyLoadBalancerAttributes"},
		"alb idle timeout":        {"loadbalancer.alb", func(_ *harness, f map[string]any) { f[lb.IdleTimeout] = int64(120) }, "ModifyLoadBalancerAttributes"},
		"alb tags": {"loadbalancer.alb", func(_ *harness, f map[string]any) {
			tags := maps.Clone(f[lb.Tags].(map[string]any))
			tags["Owner"] = "platform"
			f[lb.Tags] = tags
		}, "AddTags"},
		"health check path": {"loadbalancer.target_group.ui", func(_ *harness, f map[string]any) {
			m := maps.Clone(f[tg.HealthCheck].(map[string]any))
			m[hc.Path], m[hc.Matcher] = "/healthz", "200-399"
			f[tg.HealthCheck] = m
		}, "ModifyTargetGroup"},
		"deregistration delay": {"loadbalancer.target_group.api", func(_ *harness, f map[string]any) { f[tg.DeregistrationDelay] = int64(90) }, "ModifyTargetGroupAttributes"},
		"https ssl policy": {"loadbalancer.listener.https", func(_ *harness, f map[string]any) {
			f[l.SSLPolicy] = "ELBSecurityPolicy-TLS13-1-3-2021-06"
		}, "ModifyListener"},
		"https default target group": {"loadbalancer.listener.https", func(h *harness, f map[string]any) {
			f[l.DefaultAction] = map[string]any{"type": "forward", "target_group_arn": h.live["loadbalancer.target_group.api"].ID}
		}, "ModifyListener"},
		"rule paths": {"loadbalancer.rule.api", func(_ *harness, f map[string]any) {
			f[names.ListenerRule.PathPatterns] = desired.Set{"/api/*", "/v2/*"}
		}, "ModifyRule"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			h := start(t)
			h.createAll(t)
			r := h.resource(t, tc.addr)
			r.Fields = maps.Clone(r.Fields)
			tc.change(h, r.Fields)
			h.srv.ResetCalls()
			h.update(t, r)
			if n := h.srv.Calls()["elasticloadbalancing:"+tc.call]; n != 1 {
				t.Errorf("%s called %d times, want 1; calls %v", tc.call, n, mutating(h.srv.Calls()))
			}
			h.wantInSync(t, r)
		})
	}
}

// The HTTP listener's redirect is described by AWS with the placeholders
// it fills (#{host}, /#{path}, #{query}); they are normalised away, but a
// redirect that changes the host is drift, repaired by ModifyListener.
func TestRedirectIsNormalisedAndRepaired(t *testing.T) {
	h := start(t)
	h.createAll(t)
	r := h.resource(t, "loadbalancer.listener.http")
	live := h.observe(t, names.KindListener)[r.Address]
	if got, want := show(live.Fields[names.Listener.DefaultAction]), show(r.Fields[names.Listener.DefaultAction]); got != want {
		t.Errorf("observed redirect %s, want %s", got, want)
	}
	_, err := h.elb.ModifyListener(t.Context(), &elb.ModifyListenerInput{ListenerArn: aws.String(live.ID),
		DefaultActions: []types.Action{{Type: types.ActionTypeEnumRedirect, RedirectConfig: &types.RedirectActionConfig{
			StatusCode: types.RedirectActionStatusCodeEnumHttp301, Protocol: aws.String("HTTPS"), Port: aws.String("443"), Host: aws.String("elsewhere.example.com"),
		}}}})
	must(t, err)
	_, c := h.drift(t, r)
	if len(c.Fields) != 1 || c.Fields[0].Path != "default_action.host" {
		t.Fatalf("drift %s, want default_action.host only", show(c.Fields))
	}
	h.update(t, r)
	h.wantInSync(t, r)
}

func mutating(calls map[string]int) map[string]int {
	out := map[string]int{}
	for op, n := range calls {
		if !readOnly(op) {
			out[op] = n
		}
	}
	return out
}

func readOnly(op string) bool {
	_, name, _ := strings.Cut(op, ":")
	return strings.HasPrefix(name, "Describe") || strings.HasPrefix(name, "List") || strings.HasPrefix(name, "Get")
}
