package elbv2

import (
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

	"github.com/everruns/reconciler/internal/adapters/kit"
)

// Errors is ELBv2's error table, from the Errors sections of the API
// reference pages of the operations the tier calls. ELBv2 answers every
// one of them with a 4xx, so the table, not the status, decides.
var Errors = kit.ErrorTable{
	Service:  elb.ServiceID,
	NotFound: []string{"LoadBalancerNotFound", "TargetGroupNotFound", "ListenerNotFound", "RuleNotFound"},
	// ResourceInUse: a target group still named by a listener or rule
	// (DeleteTargetGroup), or a load balancer busy with another change;
	// the dependent's own update frees it, so polling is right.
	NotReady: []string{"ResourceInUse"},
	// PriorityInUse: another writer moved a rule between our read of the
	// listener's priorities and our SetRulePriorities; the next attempt
	// reads them again (see priorities.go).
	Transient: []string{"PriorityInUse"},
	Terminal: []string{
		"ValidationError", "InvalidConfigurationRequest", "OperationNotPermitted",
		"DuplicateListener", "DuplicateLoadBalancerName", "DuplicateTargetGroupName", "DuplicateTagKeys",
		"TooManyTags", "TooManyRules", "TooManyTargetGroups", "TooManyLoadBalancers", "TooManyListeners",
		"TooManyCertificates", "TooManyActions", "TooManyRegistrationsForTargetId", "TooManyUniqueTargetGroupsPerLoadBalancer",
		"InvalidSubnet", "InvalidSecurityGroup", "InvalidScheme", "SubnetNotFound", "AvailabilityZoneNotSupported",
		"AllocationIdNotFound", "UnsupportedProtocol", "IncompatibleProtocols", "SSLPolicyNotFound",
		"CertificateNotFound", "InvalidLoadBalancerAction", "TargetGroupAssociationLimit", "AccessDenied",
	},
}
