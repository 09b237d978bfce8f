package elbv2

import (
	"context"
	"fmt"
	"strconv"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/everruns/reconciler/internal/adapters/concur"
	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

type ruleAPI interface {
	describeListenersAPI
	DescribeRules(ctx context.Context, in *elb.DescribeRulesInput, optFns ...func(*elb.Options)) (*elb.DescribeRulesOutput, error)
	CreateRule(ctx context.Context, in *elb.CreateRuleInput, optFns ...func(*elb.Options)) (*elb.CreateRuleOutput, error)
	ModifyRule(ctx context.Context, in *elb.ModifyRuleInput, optFns ...func(*elb.Options)) (*elb.ModifyRuleOutput, error)
	SetRulePriorities(ctx context.Context, in *elb.SetRulePrioritiesInput, optFns ...func(*elb.Options)) (*elb.SetRulePrioritiesOutput, error)
	DeleteRule(ctx context.Context, in *elb.DeleteRuleInput, optFns ...func(*elb.Options)) (*elb.DeleteRuleOutput, error)
}

// ruleKind manages elbv2.listener_rule: listener_arn*, priority,
// path_patterns, action, tags. Its mutex serialises the moves of
// priorities (see priorities.go).
type ruleKind struct {
	api   ruleAPI
	mu    *sync.Mutex
	reads *reads
}

func newRuleKind(api ruleAPI, r *reads) ruleKind {
	return ruleKind{api: api, mu: &sync.Mutex{}, reads: r}
}

var rf = names.ListenerRule

// pathPattern is the condition field the file's rules use.
const pathPattern = "path-pattern"

func (k ruleKind) Observe(ctx context.Context, id desired.Identity) (kit.Observation, error) {
	listeners, err := k.reads.listListeners(ctx, k.api, id)
	if err != nil {
		return nil, err
	}
	byListener := make([][]types.Rule, len(listeners))
	err = concur.Each(len(listeners), readConcurrency, func(i int) (err error) {
		byListener[i], err = k.listenerRules(ctx, aws.ToString(listeners[i].ListenerArn))
		return err
	})
	if err != nil {
		return nil, err
	}
	var all []types.Rule
	owner := map[string]string{} // rule ARN → listener ARN
	for i, rules := range byListener {
		for _, ru := range rules {
			owner[aws.ToString(ru.RuleArn)] = aws.ToString(listeners[i].ListenerArn)
		}
		all = append(all, rules...)
	}
	tags, err := describeTags(ctx, k.api, ruleARNs(all))
	if err != nil {
		return nil, err
	}
	return kit.Collect(ctx, id, "rules", kit.Items(all),
		byARN(tags, func(ru types.Rule) *string { return ru.RuleArn }),
		kit.Always(func(ru types.Rule) reconcile.Live {
			return ruleLive(ru, owner[aws.ToString(ru.RuleArn)], tags[aws.ToString(ru.RuleArn)])
		}))
}

// listenerRules lists a listener's rules, the default rule left out (it
// is the listener's default action, not a rule of the file).
func (k ruleKind) listenerRules(ctx context.Context, listener string) ([]types.Rule, error) {
	var out []types.Rule
	in := &elb.DescribeRulesInput{ListenerArn: aws.String(listener)}
	for {
		page, err := k.api.DescribeRules(ctx, in)
		if Errors.IsNotFound(err) {
			return nil, nil // the listener went meanwhile, with its rules
		}
		if err != nil {
			return nil, fmt.Errorf("list rules: %w", err)
		}
		for _, ru := range page.Rules {
			if !aws.ToBool(ru.IsDefault) {
				out = append(out, ru)
			}
		}
		if aws.ToString(page.NextMarker) == "" {
			return out, nil
		}
		in.Marker = page.NextMarker
	}
}

func ruleARNs(rules []types.Rule) []string {
	out := make([]string, len(rules))
	for i, ru := range rules {
		out[i] = aws.ToString(ru.RuleArn)
	}
	return out
}

func ruleLive(ru types.Rule, listener string, tags map[string]string) reconcile.Live {
	var paths []string
	for _, c := range ru.Conditions {
		if aws.ToString(c.Field) != pathPattern {
			continue
		}
		if c.PathPatternConfig != nil && len(c.PathPatternConfig.Values) > 0 {
			paths = append(paths, c.PathPatternConfig.Values...)
		} else {
			paths = append(paths, c.Values...)
		}
	}
	return reconcile.Live{
		ID: aws.ToString(ru.RuleArn),
		Fields: map[string]any{
			rf.ListenerARN:  listener,
			rf.Priority:     atoi(aws.ToString(ru.Priority)),
			rf.PathPatterns: stringSet(paths),
			rf.Action:       actionField(ru.Actions),
			tagsField:       kit.Observed(tags),
		},
		Attrs: map[string]string{"arn": aws.ToString(ru.RuleArn)}, Ready: true, Status: "active",
	}
}

func conditionsOf(r desired.Resource) ([]types.RuleCondition, error) {
	paths, err := kit.Strings(r.Fields, rf.PathPatterns)
	if err != nil {
		return nil, err
	}
	return []types.RuleCondition{{Field: aws.String(pathPattern), PathPatternConfig: &types.PathPatternConditionConfig{Values: sorted(paths)}}}, nil
}

// Update: conditions and action first (one ModifyRule), then the priority,
// so the rule reaches its new place already matching what the file says;
// tags last.
func (k ruleKind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	steps := kit.Steps{
		kit.On(k.modify, rf.PathPatterns, rf.Action),
		kit.On(k.movePriority, rf.Priority),
		tagsStep(k.api),
	}
	return steps.Run(ctx, kit.Change{ID: id, Want: r, Live: live, Delta: delta})
}

func (k ruleKind) modify(ctx context.Context, c kit.Change) error {
	conds, err := conditionsOf(c.Want)
	if err != nil {
		return err
	}
	actions, err := actionsOf(c.Want.Fields, rf.Action)
	if err != nil {
		return err
	}
	_, err = k.api.ModifyRule(ctx, &elb.ModifyRuleInput{RuleArn: aws.String(c.Live.ID), Conditions: conds, Actions: actions})
	if err != nil {
		return fmt.Errorf("modify rule: %w", err)
	}
	return nil
}

func (k ruleKind) movePriority(ctx context.Context, c kit.Change) error {
	want, err := kit.Int(c.Want.Fields, rf.Priority)
	if err != nil {
		return err
	}
	listener, err := kit.String(c.Live.Fields, rf.ListenerARN)
	if err != nil {
		return err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.place(ctx, c.ID, listener, c.Live.ID, int32(want))
}

func (k ruleKind) Delete(ctx context.Context, live reconcile.Live) error {
	_, err := k.api.DeleteRule(ctx, &elb.DeleteRuleInput{RuleArn: aws.String(live.ID)})
	if err = Errors.IgnoreNotFound(err); err != nil {
		return fmt.Errorf("delete rule: %w", err)
	}
	return nil
}

func itoa(n int32) string { return strconv.FormatInt(int64(n), 10) }
