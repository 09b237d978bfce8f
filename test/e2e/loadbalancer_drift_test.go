package e2e

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/everruns/reconciler/internal/cli"
)

// lbCase is one out-of-band change made through the ELBv2 API.
type lbCase struct {
	reason string
	mutate func(t *testing.T, c *elb.Client)
	want   change
	also   []change
	check  func(t *testing.T, c *elb.Client)
}

// Out-of-band changes made through the ELBv2 API, as a person in the
// console would make them. For each: diff exits 2 and names the address,
// action and field; apply converges; diff exits 0 again. The cases share
// one environment, re-converged after each.
func TestLoadBalancerDriftIsReportedAndRepaired(t *testing.T) {
	f := lbNewFake(t)
	file := envFile
	lbApply(t, file)
	lbWantInSync(t, file)
	c := lbClient(f)
	cases := lbCases(f)
	for _, name := range sortedNames(cases) {
		tc := cases[name]
		t.Run(name, func(t *testing.T) {
			t.Log(tc.reason)
			tc.mutate(t, c)
			code, r := lbDiff(t, file)
			if code != cli.ExitChanges {
				t.Errorf("diff after the change: exit %d, want %d", code, cli.ExitChanges)
			}
			for _, w := range append([]change{tc.want}, tc.also...) {
				if !reports(r, w) {
					t.Errorf("diff does not report %s %s at %s; changes: %+v", w.action, w.address, w.path, r.Changes)
				}
			}
			lbApply(t, file)
			lbWantInSync(t, file)
			if tc.check != nil {
				tc.check(t, c)
			}
		})
	}
}

func lbCases(f *fake) map[string]lbCase {
	return map[string]lbCase{
		"listener rule deleted": {
			reason: "/api/* falls through to the UI",
			mutate: func(t *testing.T, c *elb.Client) {
				_, err := c.DeleteRule(t.Context(), &elb.DeleteRuleInput{RuleArn: aws.String(lbFind(t, c, "loadbalancer.rule.api"))})
				must(t, "DeleteRule", err)
			},
			want: change{"loadbalancer.rule.api", "create", "priority"},
		},
		"health check path changed": {
			reason: "someone pointed the API's health check at a path that answers 404",
			mutate: func(t *testing.T, c *elb.Client) {
				_, err := c.ModifyTargetGroup(t.Context(), &elb.ModifyTargetGroupInput{
					TargetGroupArn: aws.String(lbFind(t, c, "loadbalancer.target_group.api")), HealthCheckPath: aws.String("/status"),
				})
				must(t, "ModifyTargetGroup", err)
			},
			want: change{"loadbalancer.target_group.api", "update", "health_check.path"},
		},
		"http listener default action replaced": {
			reason: "the HTTP listener's default action was swapped for another (a redirect for a forward, or back)",
			mutate: lbReplaceHTTPDefault,
			want:   change{"loadbalancer.listener.http", "update", "default_action.type"},
		},
		"alb security groups changed": {
			reason: "the load balancer was put in a group made by hand instead of its own",
			mutate: func(t *testing.T, c *elb.Client) {
				_, err := c.SetSecurityGroups(t.Context(), &elb.SetSecurityGroupsInput{
					LoadBalancerArn: aws.String(lbFind(t, c, "loadbalancer.alb")), SecurityGroups: []string{lbHandMadeGroup(t, f)},
				})
				must(t, "SetSecurityGroups", err)
			},
			want: change{"loadbalancer.alb", "update", "security_groups"},
		},
		"target group deleted": {
			reason: "the UI group went after the HTTPS listener was pointed at a fixed response; it is made again and the listener forwards to the new one",
			mutate: lbDeleteUIGroup,
			want:   change{"loadbalancer.target_group.ui", "create", "port"},
			also:   []change{{lbUIListener, "update", "default_action.type"}},
			check: func(t *testing.T, c *elb.Client) {
				if got, want := lbDefaultForward(t, c, lbUIListener), lbFind(t, c, "loadbalancer.target_group.ui"); got != want {
					t.Errorf("listener forwards to %s, want the new UI group %s", got, want)
				}
			},
		},
		"idle timeout changed": {
			reason: "someone raised the idle timeout for a long upload",
			mutate: func(t *testing.T, c *elb.Client) {
				_, err := c.ModifyLoadBalancerAttributes(t.Context(), &elb.ModifyLoadBalancerAttributesInput{
					LoadBalancerArn: aws.String(lbFind(t, c, "loadbalancer.alb")),
					Attributes:      []elbtypes.LoadBalancerAttribute{{Key: aws.String("idle_timeout.timeout_seconds"), Value: aws.String("300")}},
				})
				must(t, "ModifyLoadBalancerAttributes", err)
			},
			want: change{"loadbalancer.alb", "update", "idle_timeout"},
		},
		"rule priorities swapped": {
			reason: "/health is now matched before /api/*",
			mutate: func(t *testing.T, c *elb.Client) {
				_, err := c.SetRulePriorities(t.Context(), &elb.SetRulePrioritiesInput{RulePriorities: []elbtypes.RulePriorityPair{
					{RuleArn: aws.String(lbFind(t, c, "loadbalancer.rule.api")), Priority: aws.Int32(20)},
					{RuleArn: aws.String(lbFind(t, c, "loadbalancer.rule.health")), Priority: aws.Int32(10)},
				}})
				must(t, "SetRulePriorities", err)
			},
			want: change{"loadbalancer.rule.api", "update", "priority"},
			also: []change{{"loadbalancer.rule.health", "update", "priority"}},
		},
	}
}
