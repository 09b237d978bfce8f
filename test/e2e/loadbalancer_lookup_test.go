package e2e

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

// The test's own view of ELBv2, as a person's console reads it: every
// load balancer, target group, listener and rule, found by its
// everruns:address tag.

// lbARNs lists the ARNs of every ELBv2 resource the account holds.
func lbARNs(t *testing.T, c *elb.Client) []string {
	t.Helper()
	var arns []string
	lbs, err := c.DescribeLoadBalancers(t.Context(), &elb.DescribeLoadBalancersInput{})
	must(t, "DescribeLoadBalancers", err)
	tgs, err := c.DescribeTargetGroups(t.Context(), &elb.DescribeTargetGroupsInput{})
	must(t, "DescribeTargetGroups", err)
	for _, tg := range tgs.TargetGroups {
		arns = append(arns, aws.ToString(tg.TargetGroupArn))
	}
	for _, lb := range lbs.LoadBalancers {
		arns = append(arns, aws.ToString(lb.LoadBalancerArn))
		ls, err := c.DescribeListeners(t.Context(), &elb.DescribeListenersInput{LoadBalancerArn: lb.LoadBalancerArn})
		must(t, "DescribeListeners", err)
		for _, l := range ls.Listeners {
			arns = append(arns, aws.ToString(l.ListenerArn))
			rules, err := c.DescribeRules(t.Context(), &elb.DescribeRulesInput{ListenerArn: l.ListenerArn})
			must(t, "DescribeRules", err)
			for _, ru := range rules.Rules {
				if !aws.ToBool(ru.IsDefault) {
					arns = append(arns, aws.ToString(ru.RuleArn))
				}
			}
		}
	}
	return arns
}

// lbFind is the ARN of the one resource tagged with addr.
func lbFind(t *testing.T, c *elb.Client, addr string) string {
	t.Helper()
	var found []string
	for batch := range slices.Chunk(lbARNs(t, c), 20) {
		out, err := c.DescribeTags(t.Context(), &elb.DescribeTagsInput{ResourceArns: batch})
		must(t, "DescribeTags", err)
		for _, d := range out.TagDescriptions {
			for _, tag := range d.Tags {
				if aws.ToString(tag.Key) == tagAddress && aws.ToString(tag.Value) == addr {
					found = append(found, aws.ToString(d.ResourceArn))
				}
			}
		}
	}
	if len(found) != 1 {
		t.Fatalf("%s: %d ELBv2 resources carry its address, want 1", addr, len(found))
	}
	return found[0]
}

// lbUIListener is the listener whose default action forwards to the UI.
const lbUIListener = "loadbalancer.listener.https"

// lbDefaultForward is the target group a listener's default action
// forwards to ("" when it does not forward).
func lbDefaultForward(t *testing.T, c *elb.Client, addr string) string {
	t.Helper()
	out, err := c.DescribeListeners(t.Context(), &elb.DescribeListenersInput{ListenerArns: []string{lbFind(t, c, addr)}})
	must(t, "DescribeListeners", err)
	for _, a := range out.Listeners[0].DefaultActions {
		if a.Type == elbtypes.ActionTypeEnumForward {
			return aws.ToString(a.TargetGroupArn)
		}
	}
	return ""
}

// lbReplaceHTTPDefault swaps the HTTP listener's default action: its
// redirect becomes a forward to the API (and a forward a redirect).
func lbReplaceHTTPDefault(t *testing.T, c *elb.Client) {
	t.Helper()
	actions := []elbtypes.Action{{Type: elbtypes.ActionTypeEnumRedirect, RedirectConfig: &elbtypes.RedirectActionConfig{
		StatusCode: elbtypes.RedirectActionStatusCodeEnumHttp302, Protocol: aws.String("HTTPS"), Port: aws.String("443"),
	}}}
	if lbDefaultForward(t, c, "loadbalancer.listener.http") == "" {
		actions = []elbtypes.Action{{Type: elbtypes.ActionTypeEnumForward, TargetGroupArn: aws.String(lbFind(t, c, "loadbalancer.target_group.api"))}}
	}
	_, err := c.ModifyListener(t.Context(), &elb.ModifyListenerInput{ListenerArn: aws.String(lbFind(t, c, "loadbalancer.listener.http")), DefaultActions: actions})
	must(t, "ModifyListener", err)
}

// lbDeleteUIGroup deletes the UI target group as AWS lets a person: its
// listener first answers a fixed 503 instead of forwarding to it.
func lbDeleteUIGroup(t *testing.T, c *elb.Client) {
	t.Helper()
	_, err := c.ModifyListener(t.Context(), &elb.ModifyListenerInput{
		ListenerArn: aws.String(lbFind(t, c, lbUIListener)),
		DefaultActions: []elbtypes.Action{{Type: elbtypes.ActionTypeEnumFixedResponse,
			FixedResponseConfig: &elbtypes.FixedResponseActionConfig{StatusCode: aws.String("503")}}},
	})
	must(t, "ModifyListener", err)
	_, err = c.DeleteTargetGroup(t.Context(), &elb.DeleteTargetGroupInput{TargetGroupArn: aws.String(lbFind(t, c, "loadbalancer.target_group.ui"))})
	must(t, "DeleteTargetGroup", err)
}

// lbHandMadeGroup is a security group a person made in the VPC.
func lbHandMadeGroup(t *testing.T, f *fake) string {
	t.Helper()
	out, err := f.ec2.CreateSecurityGroup(t.Context(), &ec2.CreateSecurityGroupInput{
		VpcId: aws.String(vpcID(t, f)), GroupName: aws.String("by-hand"), Description: aws.String("made in the console"),
	})
	must(t, "CreateSecurityGroup", err)
	return aws.ToString(out.GroupId)
}
