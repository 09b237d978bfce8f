// Package elbv2 fakes Elastic Load Balancing v2 (Application Load
// Balancers): load balancers and their attributes, target groups and their
// targets, listeners, rules and tags, with the validation and the error codes
// the AWS API reference documents
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/).
package elbv2

import (
	"sync"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// Service is the fake ELBv2. One mutex guards all state: the fake serves
// tests, not load, and cross-resource checks (a target group in use by a
// rule) are simpler under one lock.
type Service struct {
	env *core.Env

	mu        sync.Mutex
	lbs       map[string]*loadBalancer // by ARN
	tgs       map[string]*targetGroup  // by ARN
	listeners map[string]*listener     // by ARN
	rules     map[string]*rule         // by ARN
	seq       int                      // creation order, for stable listings
}

// New returns the fake ELBv2 and answers the Directory's question about
// target groups for the services that point at them (ECS).
func New(env *core.Env) *Service {
	s := &Service{
		env:       env,
		lbs:       map[string]*loadBalancer{},
		tgs:       map[string]*targetGroup{},
		listeners: map[string]*listener{},
		rules:     map[string]*rule{},
	}
	env.Dir.TargetGroupExists = s.targetGroupExists
	env.Dir.TargetGroupLoadBalancers = func(arn string) []string {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.lbsUsing(arn)
	}
	env.Dir.CertificateUsers = s.certificateUsers
	env.Dir.AddTagged(s.tagged)
	return s
}

// Name is the SigV4 signing name the v2 elasticloadbalancingv2 client uses.
func (s *Service) Name() string            { return "elasticloadbalancing" }
func (s *Service) Protocol() core.Protocol { return core.Query }

func (s *Service) Handlers() map[string]core.Handler {
	return map[string]core.Handler{
		"CreateLoadBalancer":             s.createLoadBalancer,
		"DescribeLoadBalancers":          s.describeLoadBalancers,
		"DeleteLoadBalancer":             s.deleteLoadBalancer,
		"SetSecurityGroups":              s.setSecurityGroups,
		"SetSubnets":                     s.setSubnets,
		"DescribeLoadBalancerAttributes": s.describeLoadBalancerAttributes,
		"ModifyLoadBalancerAttributes":   s.modifyLoadBalancerAttributes,
		"CreateTargetGroup":              s.createTargetGroup,
		"DescribeTargetGroups":           s.describeTargetGroups,
		"ModifyTargetGroup":              s.modifyTargetGroup,
		"DeleteTargetGroup":              s.deleteTargetGroup,
		"DescribeTargetGroupAttributes":  s.describeTargetGroupAttributes,
		"ModifyTargetGroupAttributes":    s.modifyTargetGroupAttributes,
		"RegisterTargets":                s.registerTargets,
		"DeregisterTargets":              s.deregisterTargets,
		"DescribeTargetHealth":           s.describeTargetHealth,
		"CreateListener":                 s.createListener,
		"DescribeListeners":              s.describeListeners,
		"ModifyListener":                 s.modifyListener,
		"DeleteListener":                 s.deleteListener,
		"CreateRule":                     s.createRule,
		"DescribeRules":                  s.describeRules,
		"ModifyRule":                     s.modifyRule,
		"DeleteRule":                     s.deleteRule,
		"SetRulePriorities":              s.setRulePriorities,
		"AddTags":                        s.addTags,
		"RemoveTags":                     s.removeTags,
		"DescribeTags":                   s.describeTags,
	}
}

func (s *Service) targetGroupExists(arn string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.tgs[arn]
	return ok
}

// nextSeq numbers resources in creation order; callers hold s.mu.
func (s *Service) nextSeq() int {
	s.seq++
	return s.seq
}
