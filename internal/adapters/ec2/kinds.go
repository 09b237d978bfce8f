// Package ec2 holds the adapters of EC2's kinds (ec2.*), the network tier:
// one reconcile.Kind per EC2 resource kind, each speaking the vocabulary of
// docs/resources.md on one side and the EC2 API on the other. The file's
// addresses of these kinds read network.* (the tier); their kinds, and
// this package, are named for the service.
package ec2

import (
	"maps"
	"time"

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
	dependentsAPI
}

var _ EC2API = (*ec2.Client)(nil)

// Kinds returns the network tier's adapters keyed by kind name.
func Kinds(client EC2API, opts ...Option) map[string]reconcile.Kind {
	tw := twins{now: time.Now, deps: client}
	for _, o := range opts {
		o(&tw)
	}
	return map[string]reconcile.Kind{
		names.KindVPC:             vpcKind{client, tw},
		names.KindSubnet:          subnetKind{client, tw},
		names.KindInternetGateway: internetGatewayKind{client, tw},
		names.KindElasticIP:       elasticIPKind{client, tw},
		names.KindNATGateway:      natGatewayKind{client},
		names.KindRouteTable:      routeTableKind{client},
		names.KindSecurityGroup:   securityGroupKind{client, tw},
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
