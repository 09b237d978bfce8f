package elbv2_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

func ruleInput(listenerARN, tgARN string, priority int32, path string) *elb.CreateRuleInput {
	return &elb.CreateRuleInput{ListenerArn: aws.String(listenerARN), Priority: aws.Int32(priority), Actions: forward(tgARN),
		Conditions: []types.RuleCondition{{Field: aws.String("path-pattern"), Values: []string{path}}}}
}

func listenerWithTG(t *testing.T, c *elb.Client) (types.Listener, types.TargetGroup) {
	lb, tg := mustLB(t, c, "web"), mustTG(t, c, "app")
	return mustHTTPListener(t, c, *lb.LoadBalancerArn, *tg.TargetGroupArn), tg
}

// Conditions keep their values (in Values and in the matching config), and
// the listener's default rule is listed last with IsDefault.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_RuleCondition.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeRules.html
func TestRuleConditionsKeptAndDefaultRuleLast(t *testing.T) {
	_, c, _ := start(t)
	l, tg := listenerWithTG(t, c)
	in := ruleInput(*l.ListenerArn, *tg.TargetGroupArn, 10, "/api/*")
	in.Conditions = append(in.Conditions, types.RuleCondition{Field: aws.String("host-header"),
		HostHeaderConfig: &types.HostHeaderConditionConfig{Values: []string{"api.example.com"}}})
	if _, err := c.CreateRule(t.Context(), in); err != nil {
		t.Fatal(err)
	}
	out, err := c.DescribeRules(t.Context(), &elb.DescribeRulesInput{ListenerArn: l.ListenerArn})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Rules) != 2 {
		t.Fatalf("rules = %d, want 2", len(out.Rules))
	}
	r, def := out.Rules[0], out.Rules[1]
	if *r.Priority != "10" || aws.ToBool(r.IsDefault) || *def.Priority != "default" || !aws.ToBool(def.IsDefault) {
		t.Errorf("priorities = %s %s", *r.Priority, *def.Priority)
	}
	path, host := r.Conditions[0], r.Conditions[1]
	if path.Values[0] != "/api/*" || path.PathPatternConfig.Values[0] != "/api/*" || host.Values[0] != "api.example.com" || host.HostHeaderConfig.Values[0] != "api.example.com" {
		t.Errorf("conditions = %+v", r.Conditions)
	}
	if aws.ToString(def.Actions[0].TargetGroupArn) != *tg.TargetGroupArn {
		t.Errorf("default rule actions = %+v", def.Actions)
	}
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateRule.html
// Priorities are 1–50000 and unique per listener (PriorityInUse).
func TestRulePriorityInUseAndRange(t *testing.T) {
	_, c, _ := start(t)
	l, tg := listenerWithTG(t, c)
	if _, err := c.CreateRule(t.Context(), ruleInput(*l.ListenerArn, *tg.TargetGroupArn, 5, "/a")); err != nil {
		t.Fatal(err)
	}
	_, err := c.CreateRule(t.Context(), ruleInput(*l.ListenerArn, *tg.TargetGroupArn, 5, "/b"))
	wantCode(t, err, "PriorityInUse")
	_, err = c.CreateRule(t.Context(), ruleInput(*l.ListenerArn, *tg.TargetGroupArn, 50001, "/b"))
	wantCode(t, err, "ValidationError")
	_, err = c.CreateRule(t.Context(), ruleInput(*l.ListenerArn+"0", *tg.TargetGroupArn, 6, "/b"))
	wantCode(t, err, "ListenerNotFound")
}

// Rules can swap priorities in one call; a clash with a rule left in place
// is PriorityInUse; the default rule cannot move.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_SetRulePriorities.html
func TestSetRulePriorities(t *testing.T) {
	_, c, _ := start(t)
	l, tg := listenerWithTG(t, c)
	var arns []string
	for i, p := range []string{"/a", "/b", "/c"} {
		out, err := c.CreateRule(t.Context(), ruleInput(*l.ListenerArn, *tg.TargetGroupArn, int32(i+1), p))
		if err != nil {
			t.Fatal(err)
		}
		arns = append(arns, *out.Rules[0].RuleArn)
	}
	out, err := c.SetRulePriorities(t.Context(), &elb.SetRulePrioritiesInput{RulePriorities: []types.RulePriorityPair{
		{RuleArn: aws.String(arns[0]), Priority: aws.Int32(2)}, {RuleArn: aws.String(arns[1]), Priority: aws.Int32(1)}}})
	if err != nil {
		t.Fatal(err)
	}
	if *out.Rules[0].Priority != "2" || *out.Rules[1].Priority != "1" {
		t.Errorf("swapped priorities = %s %s", *out.Rules[0].Priority, *out.Rules[1].Priority)
	}
	_, err = c.SetRulePriorities(t.Context(), &elb.SetRulePrioritiesInput{RulePriorities: []types.RulePriorityPair{{RuleArn: aws.String(arns[0]), Priority: aws.Int32(3)}}})
	wantCode(t, err, "PriorityInUse")
	rules, err := c.DescribeRules(t.Context(), &elb.DescribeRulesInput{ListenerArn: l.ListenerArn})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.SetRulePriorities(t.Context(), &elb.SetRulePrioritiesInput{RulePriorities: []types.RulePriorityPair{{RuleArn: rules.Rules[3].RuleArn, Priority: aws.Int32(9)}}})
	wantCode(t, err, "OperationNotPermitted")
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_ModifyRule.html
func TestModifyRuleReplacesActionsAndConditions(t *testing.T) {
	_, c, _ := start(t)
	l, tg := listenerWithTG(t, c)
	created, err := c.CreateRule(t.Context(), ruleInput(*l.ListenerArn, *tg.TargetGroupArn, 1, "/a"))
	if err != nil {
		t.Fatal(err)
	}
	fixed := []types.Action{{Type: types.ActionTypeEnumFixedResponse, FixedResponseConfig: &types.FixedResponseActionConfig{StatusCode: aws.String("503")}}}
	out, err := c.ModifyRule(t.Context(), &elb.ModifyRuleInput{RuleArn: created.Rules[0].RuleArn, Actions: fixed})
	if err != nil {
		t.Fatal(err)
	}
	r := out.Rules[0]
	if r.Actions[0].Type != types.ActionTypeEnumFixedResponse || *r.Actions[0].FixedResponseConfig.StatusCode != "503" || r.Conditions[0].Values[0] != "/a" {
		t.Errorf("after modify: %+v", r)
	}
	_, err = c.ModifyRule(t.Context(), &elb.ModifyRuleInput{RuleArn: aws.String(*created.Rules[0].RuleArn + "0"), Actions: fixed})
	wantCode(t, err, "RuleNotFound")
}

// "You can't delete the default rule."
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DeleteRule.html
func TestDeleteRule(t *testing.T) {
	_, c, _ := start(t)
	l, tg := listenerWithTG(t, c)
	created, err := c.CreateRule(t.Context(), ruleInput(*l.ListenerArn, *tg.TargetGroupArn, 1, "/a"))
	if err != nil {
		t.Fatal(err)
	}
	rules, err := c.DescribeRules(t.Context(), &elb.DescribeRulesInput{ListenerArn: l.ListenerArn})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteRule(t.Context(), &elb.DeleteRuleInput{RuleArn: rules.Rules[1].RuleArn})
	wantCode(t, err, "OperationNotPermitted")
	if _, err := c.DeleteRule(t.Context(), &elb.DeleteRuleInput{RuleArn: created.Rules[0].RuleArn}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteRule(t.Context(), &elb.DeleteRuleInput{RuleArn: created.Rules[0].RuleArn})
	wantCode(t, err, "RuleNotFound")
}
