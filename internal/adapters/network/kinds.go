// Package network holds the adapters of the network tier: one
// reconcile.Kind per EC2 resource kind, each speaking the vocabulary of
// docs/resources.md on one side and the EC2 API on the other.
package network

import (
	"fmt"
	"maps"

	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/everruns/reconciler/pkg/desired"
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
		"ec2.vpc":              vpcKind{client},
		"ec2.subnet":           subnetKind{client},
		"ec2.internet_gateway": internetGatewayKind{client},
		"ec2.elastic_ip":       elasticIPKind{client},
		"ec2.nat_gateway":      natGatewayKind{client},
		"ec2.route_table":      routeTableKind{client},
		"ec2.security_group":   securityGroupKind{client},
	}
}

// put adds one observed resource. Two live resources claiming one address
// break the identity rule (a create happened twice); acting on either one
// could be wrong, so it is an error for people to resolve: terminal, since
// observing again finds the same twins (without the mark, the engine's
// classifier takes an error with no AWS code for a transport failure and
// retries the Observe with backoff, 15 s with the defaults, for nothing).
func put(out map[desired.Address]reconcile.Live, addr desired.Address, l reconcile.Live) error {
	if prev, ok := out[addr]; ok {
		return reconcile.Terminal(fmt.Errorf("%s is claimed by both %s and %s (tag %s)", addr, prev.ID, l.ID, tagAddress))
	}
	l.Address = addr
	out[addr] = l
	return nil
}

// applied is live after Update changed fields to r's values: what an
// Observe would now report, without paying for one.
func applied(env string, r desired.Resource, live reconcile.Live, fields map[string]bool) (reconcile.Live, error) {
	live.Fields = maps.Clone(live.Fields)
	if live.Fields == nil {
		live.Fields = map[string]any{}
	}
	for f := range fields {
		if f == "tags" {
			tags, err := desiredTags(env, r)
			if err != nil {
				return live, err
			}
			live.Fields[f] = tagsOf(tags)
			continue
		}
		live.Fields[f] = r.Fields[f]
	}
	return live, nil
}

// immutable is the error for a change no API can make in place: the drift
// should have asked for a replacement instead.
func immutable(field string) error {
	return badInput("field %s cannot be changed in place", field)
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
