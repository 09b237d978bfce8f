package elbv2

import (
	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/internal/adapters/tagging"
	"github.com/everruns/reconciler/pkg/desired/names"
)

const svc = "elasticloadbalancing:"

// ops prefixes ELBv2's signing name (elasticloadbalancing) to operations.
func ops(names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = svc + n
	}
	return out
}

// Operations are the ELBv2 operations each kind calls (kit.Operations).
// Listeners and rules are read under the load balancers the environment
// claims (scope.go), so every kind lists the load balancers; tags come
// from the pass's tagging index, and from DescribeTags in batches of 20
// for what the index lacks (indexed.go).
var Operations = map[string]kit.Operations{
	names.KindLoadBalancer: {
		Observe: append(ops("DescribeLoadBalancers", "DescribeTags", "DescribeLoadBalancerAttributes"), tagging.Operation),
		Change: ops("CreateLoadBalancer", "SetSubnets", "SetSecurityGroups", "ModifyLoadBalancerAttributes",
			"AddTags", "RemoveTags"),
		Delete: ops("DeleteLoadBalancer"),
	},
	names.KindTargetGroup: {
		Observe: append(ops("DescribeTargetGroups", "DescribeTags", "DescribeTargetGroupAttributes"), tagging.Operation),
		Change:  ops("CreateTargetGroup", "ModifyTargetGroup", "ModifyTargetGroupAttributes", "AddTags", "RemoveTags"),
		Delete:  ops("DeleteTargetGroup"),
	},
	names.KindListener: {
		Observe: append(ops("DescribeLoadBalancers", "DescribeListeners", "DescribeTags"), tagging.Operation),
		Change:  ops("CreateListener", "ModifyListener", "AddTags", "RemoveTags"),
		Delete:  ops("DeleteListener"),
	},
	names.KindListenerRule: {
		Observe: append(ops("DescribeLoadBalancers", "DescribeListeners", "DescribeRules", "DescribeTags"), tagging.Operation),
		Change:  ops("CreateRule", "ModifyRule", "SetRulePriorities", "AddTags", "RemoveTags"),
		Delete:  ops("DeleteRule"),
	},
}
