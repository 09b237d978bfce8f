package elbv2

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"strconv"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/elbv2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_ModifyRule.html
// "To modify the actions for the default rule, use ModifyListener."
func (s *Service) modifyRule(r *core.Request) (any, error) {
	var in v1.ModifyRuleInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ru, ok := s.rules[aws.StringValue(in.RuleArn)]
	if !ok {
		return nil, ruleNotFound()
	}
	if ru.isDefault() {
		return nil, notPermitted("The default rule cannot be modified; use ModifyListener to change its actions")
	}
	conds, acts := ru.shape.Conditions, ru.shape.Actions
	var err error
	if len(in.Conditions) > 0 {
		if conds, err = normalizeConditions(in.Conditions); err != nil {
			return nil, err
		}
	}
	if len(in.Actions) > 0 {
		if acts, err = s.normalizeActions(in.Actions); err != nil {
			return nil, err
		}
	}
	ru.shape.Conditions, ru.shape.Actions = conds, acts
	return &v1.ModifyRuleOutput{Rules: []*v1.Rule{s.ruleView(ru)}}, nil
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DeleteRule.html
func (s *Service) deleteRule(r *core.Request) (any, error) {
	var in v1.DeleteRuleInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ru, ok := s.rules[aws.StringValue(in.RuleArn)]
	if !ok {
		return nil, ruleNotFound()
	}
	if ru.isDefault() {
		return nil, notPermitted("The default rule cannot be deleted")
	}
	delete(s.rules, aws.StringValue(in.RuleArn))
	return &v1.DeleteRuleOutput{}, nil
}

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_SetRulePriorities.html
// All changes are checked before any is applied. "You can reorder the rules
// as long as there are no priority conflicts in the new order."
func (s *Service) setRulePriorities(r *core.Request) (any, error) {
	var in v1.SetRulePrioritiesInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if len(in.RulePriorities) == 0 {
		return nil, validation("RulePriorities must not be empty")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	moving := map[*rule]int64{}
	for _, rp := range in.RulePriorities {
		if err := checkPriority(rp.Priority); err != nil {
			return nil, err
		}
		ru, ok := s.rules[aws.StringValue(rp.RuleArn)]
		if !ok {
			return nil, ruleNotFound()
		}
		if ru.isDefault() {
			return nil, notPermitted("The priority of the default rule cannot be changed")
		}
		moving[ru] = *rp.Priority
	}
	if err := s.checkNewPriorities(moving); err != nil {
		return nil, err
	}
	out := &v1.SetRulePrioritiesOutput{Rules: []*v1.Rule{}}
	for _, rp := range in.RulePriorities {
		ru := s.rules[aws.StringValue(rp.RuleArn)]
		ru.shape.Priority = aws.String(strconv.FormatInt(moving[ru], 10))
		out.Rules = append(out.Rules, s.ruleView(ru))
	}
	return out, nil
}

// checkNewPriorities refuses an order where two rules of one listener end
// with the same priority (the moved ones among themselves or with a rule
// that stays put).
func (s *Service) checkNewPriorities(moving map[*rule]int64) error {
	taken := map[string]map[int64]bool{}
	for _, ru := range s.rules {
		if ru.isDefault() {
			continue
		}
		p := int64(ru.priority())
		if np, ok := moving[ru]; ok {
			p = np
		}
		if taken[ru.listenerARN] == nil {
			taken[ru.listenerARN] = map[int64]bool{}
		}
		if taken[ru.listenerARN][p] {
			return priorityInUse(p)
		}
		taken[ru.listenerARN][p] = true
	}
	return nil
}
