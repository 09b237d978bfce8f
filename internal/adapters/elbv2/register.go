// Package elbv2 holds the load balancer tier's adapters: the Application
// Load Balancer, its target groups, listeners and path rules, each a
// reconcile.Kind speaking the vocabulary of docs/resources.md on one side
// and the Elastic Load Balancing v2 API on the other.
//
// ELBv2 has no tag-filtered describe, so every Observe lists and then
// reads tags: in a pass, from the pass's one tagging GetResources
// (indexed.go); otherwise, or for what the index lacks, with DescribeTags,
// 20 ARNs a call (the API's limit):
//
//	load balancers: DescribeLoadBalancers, tags, and
//	                DescribeLoadBalancerAttributes per claimed ALB
//	target groups:  DescribeTargetGroups, tags, and
//	                DescribeTargetGroupAttributes per claimed group
//	listeners:      the claimed ALBs (as above, without attributes), then
//	                DescribeListeners per ALB and tags
//	rules:          the claimed ALBs, DescribeListeners per ALB, then
//	                one DescribeRules by the ARNs the pass's index names
//	                when it names every rule the file wants (rule.go),
//	                else DescribeRules per listener; and tags
//
// Attributes have no batched read in the API; listeners and rules are
// listed per parent, and only under the load balancers the identity
// claims, so another environment's listeners are never read. The kinds
// share one listing of load balancers and one of listeners per pass
// (reads.go), and the per-item reads run side by side: a pass is 8 ELBv2
// calls for the seed's ALB, 2 listeners, 4 rules and 2 groups, three round
// trips deep (load balancers, listeners, rules).
package elbv2

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/internal/adapters/tagging"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// API is the part of the ELBv2 client the tier uses: the union of each
// kind's narrow interface, so that *elb.Client satisfies it.
type API interface {
	loadBalancerAPI
	targetGroupAPI
	listenerAPI
	ruleAPI
}

var _ API = (*elb.Client)(nil)

// Kinds returns the tier's adapters keyed by kind name.
func Kinds(client API) map[string]reconcile.Kind {
	r := &reads{}
	return map[string]reconcile.Kind{
		names.KindLoadBalancer: loadBalancerKind{client, r},
		names.KindTargetGroup:  targetGroupKind{client},
		names.KindListener:     listenerKind{client, r},
		names.KindListenerRule: newRuleKind(client, r),
	}
}

// Register adds the tier's adapters and ELBv2's error table.
func Register(reg *kit.Registry, cfg aws.Config) error {
	for kind, k := range Kinds(WithIndex(elb.NewFromConfig(cfg), tagging.New(cfg))) {
		if err := reg.Add(kind, k); err != nil {
			return err
		}
	}
	if err := reg.AddOperations(Operations); err != nil {
		return err
	}
	return reg.AddErrors(Errors)
}
