package elbv2

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
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

// Observe reads the rules of the claimed load balancers' listeners: by
// their ARNs in one DescribeRules when the pass's tagging index names
// every rule the file wants (rulesByARN, read while the listeners are),
// else listed per listener.
func (k ruleKind) Observe(ctx context.Context, id desired.Identity) (kit.Observation, error) {
	read := make(chan indexedRules, 1)
	go func() { read <- k.rulesByARN(ctx, id) }()
	listeners, err := k.reads.listListeners(ctx, k.api, id)
	indexed := <-read
	if err != nil {
		return nil, err
	}
	all, owner, ok, err := indexed.on(listeners)
	if err != nil {
		return nil, err
	}
	if !ok {
		if all, owner, err = k.perListener(ctx, listeners); err != nil {
			return nil, err
		}
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

// perListener lists the rules of every listener, side by side, with the
// listener of each rule (rule ARN → listener ARN).
func (k ruleKind) perListener(ctx context.Context, listeners []types.Listener) ([]types.Rule, map[string]string, error) {
	byListener := make([][]types.Rule, len(listeners))
	err := concur.Each(len(listeners), readConcurrency, func(i int) (err error) {
		byListener[i], err = k.listenerRules(ctx, aws.ToString(listeners[i].ListenerArn))
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	var all []types.Rule
	owner := map[string]string{}
	for i, rules := range byListener {
		for _, ru := range rules {
			owner[aws.ToString(ru.RuleArn)] = aws.ToString(listeners[i].ListenerArn)
		}
		all = append(all, rules...)
	}
	return all, owner, nil
}

// ofTypeAPI is a client that can say, from the pass's tagging index,
// which resources of a type exist with their tags (indexed).
type ofTypeAPI interface {
	OfType(ctx context.Context, service, typ string) (map[string]map[string]string, error)
}

// indexedRules is what rulesByARN read: the rules the pass's tagging
// index names for the identity, with the address each claims. ok is false
// when the index cannot stand for the listings.
type indexedRules struct {
	rules   []types.Rule
	address map[string]desired.Address // rule ARN → address
	wanted  []desired.Address
	ok      bool
	err     error
}

// rulesByARN reads the rules the pass's tagging index says the identity
// claims in one DescribeRules by their ARNs (no limit on RuleArns is
// documented; the answer is paged like a listener's), instead of one per
// listener. It reads nothing, and is not ok, unless the pass says what
// the file wants (reconcile.Wanted) and the index names a rule for every
// rule the file wants: a rule created a moment ago that the index lacks
// is then listed, never believed missing (CreateRule has no idempotency
// token: a rule believed missing would be created twice). AWS fails the
// whole call with RuleNotFound when one ARN is gone (a rule deleted, still
// indexed); the rules are then listed too. What the index costs: a
// claimed rule the file does not want (an orphan) that the index does
// not name yet is seen by a later pass, not this one. Priorities are
// unaffected: a move or a create re-reads its listener (place, create).
func (k ruleKind) rulesByARN(ctx context.Context, id desired.Identity) indexedRules {
	want, ok := kit.Wanted(ctx, names.KindListenerRule)
	ix, indexed := k.api.(ofTypeAPI)
	if !ok || !indexed {
		return indexedRules{}
	}
	tagged, err := ix.OfType(ctx, "elasticloadbalancing", "listener-rule")
	if err != nil {
		return indexedRules{err: err}
	}
	r := indexedRules{address: map[string]desired.Address{}}
	for arn, tags := range tagged {
		if a := kit.Claim(id, tags); a != "" {
			r.address[arn] = a
		}
	}
	if len(r.address) == 0 {
		return indexedRules{}
	}
	r.wanted = want
	if !r.claimsAll(r.wanted, func(string) bool { return true }) {
		return indexedRules{}
	}
	rules, err := k.describeRules(ctx, &elb.DescribeRulesInput{RuleArns: slices.Sorted(maps.Keys(r.address))})
	if kit.Code(err) == "RuleNotFound" {
		return indexedRules{}
	}
	if err != nil {
		return indexedRules{err: fmt.Errorf("describe rules: %w", err)}
	}
	r.rules, r.ok = rules, true
	return r
}

// claimsAll says whether every wanted address is claimed by a rule the index
// names whose ARN keep accepts.
func (r indexedRules) claimsAll(wanted []desired.Address, keep func(arn string) bool) bool {
	named := map[desired.Address]bool{}
	for arn, a := range r.address {
		if keep(arn) {
			named[a] = true
		}
	}
	return kit.Covers(named, wanted)
}

// on is the rules read by ARN that are on one of listeners, each with its
// listener (rule ARN → listener ARN, from the rule's ARN); not ok unless
// they still hold every rule the file wants.
func (r indexedRules) on(listeners []types.Listener) ([]types.Rule, map[string]string, bool, error) {
	if r.err != nil || !r.ok {
		return nil, nil, false, r.err
	}
	ours := map[string]bool{}
	for _, l := range listeners {
		ours[aws.ToString(l.ListenerArn)] = true
	}
	if !r.claimsAll(r.wanted, func(arn string) bool { return ours[listenerOfRule(arn)] }) {
		return nil, nil, false, nil
	}
	var all []types.Rule
	owner := map[string]string{}
	for _, ru := range r.rules {
		arn := aws.ToString(ru.RuleArn)
		if l := listenerOfRule(arn); ours[l] {
			all = append(all, ru)
			owner[arn] = l
		}
	}
	return all, owner, true, nil
}

// listenerOfRule is the ARN of a rule's listener, from the rule's ARN
// (arn:…:listener-rule/app/NAME/LB-ID/LISTENER-ID/RULE-ID is a rule of
// arn:…:listener/app/NAME/LB-ID/LISTENER-ID, AWS's ARN formats for
// Elastic Load Balancing); "" for another ARN.
func listenerOfRule(arn string) string {
	prefix, path, ok := strings.Cut(arn, ":listener-rule/")
	i := strings.LastIndex(path, "/")
	if !ok || i < 0 {
		return ""
	}
	return prefix + ":listener/" + path[:i]
}

// listenerRules lists a listener's rules, the default rule left out (it
// is the listener's default action, not a rule of the file).
func (k ruleKind) listenerRules(ctx context.Context, listener string) ([]types.Rule, error) {
	rules, err := k.describeRules(ctx, &elb.DescribeRulesInput{ListenerArn: aws.String(listener)})
	if Errors.IsNotFound(err) {
		return nil, nil // the listener went meanwhile, with its rules
	}
	if err != nil {
		return nil, fmt.Errorf("list rules: %w", err)
	}
	return rules, nil
}

// describeRules pages through DescribeRules (by listener or by rule
// ARNs), the default rules left out.
func (k ruleKind) describeRules(ctx context.Context, in *elb.DescribeRulesInput) ([]types.Rule, error) {
	var out []types.Rule
	for {
		page, err := k.api.DescribeRules(ctx, in)
		if err != nil {
			return nil, err
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
