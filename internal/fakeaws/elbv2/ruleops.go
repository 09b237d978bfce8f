package elbv2

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"sort"
	"strconv"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/elbv2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

func priorityInUse(p int64) error {
	return core.BadRequest("PriorityInUse", "Priority '%d' is currently in use", p)
}

func checkPriority(p *int64) error {
	if p == nil {
		return validation("A rule priority must be specified")
	}
	if *p < 1 || *p > 50000 {
		return validation("Priority must be between 1 and 50000")
	}
	return nil
}

// ruleAt finds the non-default rule of a listener with this priority.
func (s *Service) ruleAt(listenerARN string, p int64) *rule {
	for _, ru := range s.rules {
		if ru.listenerARN == listenerARN && !ru.isDefault() && int64(ru.priority()) == p {
			return ru
		}
	}
	return nil
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateRule.html
func (s *Service) createRule(r *core.Request) (any, error) {
	var in v1.CreateRuleInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if err := checkPriority(in.Priority); err != nil {
		return nil, err
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	conds, err := normalizeConditions(in.Conditions)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	larn := aws.StringValue(in.ListenerArn)
	if _, ok := s.listeners[larn]; !ok {
		return nil, listenerNotFound()
	}
	if s.ruleAt(larn, *in.Priority) != nil {
		return nil, priorityInUse(*in.Priority)
	}
	acts, err := s.normalizeActions(in.Actions)
	if err != nil {
		return nil, err
	}
	t, err := tags(nil).merged(in.Tags)
	if err != nil {
		return nil, err
	}
	ru := &rule{seq: s.nextSeq(), listenerARN: larn, tags: t, shape: &v1.Rule{
		RuleArn:    aws.String(ruleARN(larn, s.env.IDs.Hex(16))),
		Priority:   aws.String(strconv.FormatInt(*in.Priority, 10)),
		IsDefault:  aws.Bool(false),
		Conditions: conds,
		Actions:    acts,
	}}
	s.rules[*ru.shape.RuleArn] = ru
	return &v1.CreateRuleOutput{Rules: []*v1.Rule{s.ruleView(ru)}}, nil
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeRules.html
// lists rules by priority, the default rule last.
func (s *Service) describeRules(r *core.Request) (any, error) {
	var in v1.DescribeRulesInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if in.ListenerArn == nil && len(in.RuleArns) == 0 {
		return nil, validation("You must specify either listener ARN or rule ARNs")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var found []*rule
	if in.ListenerArn != nil {
		if _, ok := s.listeners[*in.ListenerArn]; !ok {
			return nil, listenerNotFound()
		}
		for _, ru := range s.rules {
			if ru.listenerARN == *in.ListenerArn {
				found = append(found, ru)
			}
		}
		sort.Slice(found, func(i, j int) bool { return found[i].priority() < found[j].priority() })
	}
	for _, arn := range in.RuleArns {
		ru, ok := s.rules[aws.StringValue(arn)]
		if !ok {
			return nil, ruleNotFound()
		}
		found = append(found, ru)
	}
	start, end, next, err := page(len(found), in.Marker, in.PageSize)
	if err != nil {
		return nil, err
	}
	out := &v1.DescribeRulesOutput{Rules: []*v1.Rule{}, NextMarker: next}
	for _, ru := range found[start:end] {
		out.Rules = append(out.Rules, s.ruleView(ru))
	}
	return out, nil
}
