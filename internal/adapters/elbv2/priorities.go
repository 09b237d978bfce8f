package elbv2

// Rule priorities are unique per listener, and AWS refuses with
// PriorityInUse any create or move onto a priority another rule holds.
// The file can swap two rules' priorities, rotate several, or give a new
// rule the priority of an existing one; each rule's Create or Update sees
// only its own desired state. The design:
//
//   - A rule moves to its priority p with place: under the kind's mutex
//     (so moves within this process never interleave), it reads the
//     listener's rules afresh (the observation of the pass is stale as
//     soon as one rule has moved), and if a rule holds p it moves both in
//     ONE SetRulePriorities call: itself to p, the holder to the priority
//     it leaves. A swap can never collide: the one priority it frees is
//     the one it fills. The holder is then wherever it was displaced to,
//     and its own Update (its priority differs in the pass's drift) moves
//     it on to where the file wants it, swapping again if need be; a
//     rotation of n rules settles in n-1 swaps.
//   - A create whose priority is held makes the rule at a free priority
//     and then places it like a move.
//   - Only a rule the environment claims is ever displaced; a priority
//     held by anyone else's rule is a terminal error for a person.
//
// PriorityInUse from another writer racing us is transient: the retry
// reads the listener again.

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// maxPriority is the highest rule priority AWS accepts.
const maxPriority = 50000

// place moves rule to priority want, displacing a managed holder into the
// priority rule leaves. Callers hold k.mu.
func (k ruleKind) place(ctx context.Context, id desired.Identity, listener, rule string, want int32) error {
	rules, err := k.listenerRules(ctx, listener)
	if err != nil {
		return err
	}
	cur, holder := int32(0), ""
	for _, ru := range rules {
		p, arn := int32(atoi(aws.ToString(ru.Priority))), aws.ToString(ru.RuleArn)
		switch {
		case arn == rule:
			cur = p
		case p == want:
			holder = arn
		}
	}
	if cur == 0 {
		return fmt.Errorf("move priority: the rule is no longer on its listener")
	}
	if cur == want {
		return nil // an earlier swap already put it there
	}
	pairs := []types.RulePriorityPair{{RuleArn: aws.String(rule), Priority: aws.Int32(want)}}
	if holder != "" {
		if err := k.mayDisplace(ctx, id, holder, want); err != nil {
			return err
		}
		pairs = append(pairs, types.RulePriorityPair{RuleArn: aws.String(holder), Priority: aws.Int32(cur)})
	}
	if _, err := k.api.SetRulePriorities(ctx, &elb.SetRulePrioritiesInput{RulePriorities: pairs}); err != nil {
		return fmt.Errorf("set rule priorities: %w", err)
	}
	return nil
}

// mayDisplace refuses to move a rule the environment does not claim.
func (k ruleKind) mayDisplace(ctx context.Context, id desired.Identity, holder string, p int32) error {
	tags, err := describeTags(ctx, k.api, []string{holder})
	if err != nil {
		return err
	}
	if kit.Claim(id, tags[holder]) == "" {
		return reconcile.Terminal(fmt.Errorf("priority %d is held by rule %s, which this environment does not manage", p, holder))
	}
	return nil
}

// freePriority is the highest priority no rule of the listener holds: a
// parking place at the end of the evaluation order, where a new rule does
// the least harm before it is placed.
func freePriority(rules []types.Rule) (int32, error) {
	taken := map[int32]bool{}
	for _, ru := range rules {
		taken[int32(atoi(aws.ToString(ru.Priority)))] = true
	}
	for p := int32(maxPriority); p > 0; p-- {
		if !taken[p] {
			return p, nil
		}
	}
	return 0, reconcile.Terminal(fmt.Errorf("every rule priority of the listener is taken"))
}

// noRetry: CreateRule has no idempotency token, so a create whose answer
// was lost must not be sent again blindly; the engine observes first and
// finds the rule by its tags.
func noRetry(o *elb.Options) { o.Retryer = aws.NopRetryer{} }

func (k ruleKind) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	listener, err1 := kit.String(r.Fields, rf.ListenerARN)
	want, err2 := kit.Int(r.Fields, rf.Priority)
	conds, err3 := conditionsOf(r)
	actions, err4 := actionsOf(r.Fields, rf.Action)
	tags, err5 := kit.Tags(id, r)
	if err := firstErr(err1, err2, err3, err4, err5); err != nil {
		return reconcile.Live{}, err
	}
	in := &elb.CreateRuleInput{ListenerArn: aws.String(listener), Priority: aws.Int32(int32(want)),
		Conditions: conds, Actions: actions, Tags: sdkTags(tags)}
	k.mu.Lock()
	defer k.mu.Unlock()
	ru, err := k.create(ctx, id, in)
	if err != nil {
		return reconcile.Live{}, err
	}
	return kit.Applied(id, r, ruleLive(ru, listener, nil), []string{rf.Priority, tagsField})
}

// create makes the rule at its priority, or, when another rule holds it,
// at a free one and then places it. Callers hold k.mu.
func (k ruleKind) create(ctx context.Context, id desired.Identity, in *elb.CreateRuleInput) (types.Rule, error) {
	res, err := k.api.CreateRule(ctx, in, noRetry)
	if kit.Code(err) == "PriorityInUse" {
		want := *in.Priority
		rules, err := k.listenerRules(ctx, aws.ToString(in.ListenerArn))
		if err != nil {
			return types.Rule{}, err
		}
		free, err := freePriority(rules)
		if err != nil {
			return types.Rule{}, err
		}
		in.Priority = aws.Int32(free)
		if res, err = k.api.CreateRule(ctx, in, noRetry); err != nil {
			return types.Rule{}, fmt.Errorf("create rule at free priority %s: %w", itoa(*in.Priority), err)
		}
		if err := k.place(ctx, id, aws.ToString(in.ListenerArn), aws.ToString(res.Rules[0].RuleArn), want); err != nil {
			return types.Rule{}, err
		}
		return res.Rules[0], nil
	}
	if err != nil {
		return types.Rule{}, fmt.Errorf("create rule: %w", err)
	}
	if len(res.Rules) != 1 {
		return types.Rule{}, fmt.Errorf("create rule: AWS answered %d rules", len(res.Rules))
	}
	return res.Rules[0], nil
}
