// Package network holds the adapters of the network tier: one
// reconcile.Kind per EC2 resource kind, each speaking the vocabulary of
// docs/resources.md on one side and the EC2 API on the other.
package network

import (
	"maps"

	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// EC2API is the part of the EC2 client the network tier uses: the union of
// each kind's own narrow interface, so that *ec2.Client (talking to AWS or
// to the fake) satisfies it.
type EC2API interface {
	vpcAPI
	subnetAPI
	internetGatewayAPI
	elasticIPAPI
	natGatewayAPI
	routeTableAPI
	securityGroupAPI
}

var _ EC2API = (*ec2.Client)(nil)

// Kinds returns the network tier's adapters keyed by kind name.
func Kinds(client EC2API) map[string]reconcile.Kind {
	return map[string]reconcile.Kind{
		names.KindVPC:             vpcKind{client},
		names.KindSubnet:          subnetKind{client},
		names.KindInternetGateway: internetGatewayKind{client},
		names.KindElasticIP:       elasticIPKind{client},
		names.KindNATGateway:      natGatewayKind{client},
		names.KindRouteTable:      routeTableKind{client},
		names.KindSecurityGroup:   securityGroupKind{client},
	}
}

// ownAttrs copies attrs so that an adapter can keep them current without
// writing into the engine's observation.
func ownAttrs(attrs map[string]string) map[string]string {
	out := maps.Clone(attrs)
	if out == nil {
		out = map[string]string{}
	}
	return out
}
