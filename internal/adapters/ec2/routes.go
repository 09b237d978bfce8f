package ec2

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired/names"
)

// route is one element of a route table's `routes` Set: a destination and
// one target, named by the vocabulary's key ("gateway_id", "nat_gateway_id").
type route struct{ dest, key, target string }

// routeOf maps an observed route; ok is false for the routes the file does
// not manage: the VPC's `local` route and routes propagated from a VPN.
func routeOf(r types.Route) (rt route, ok bool) {
	if aws.ToString(r.GatewayId) == "local" || r.Origin == types.RouteOriginEnableVgwRoutePropagation {
		return route{}, false
	}
	rt.dest = firstOf(r.DestinationCidrBlock, r.DestinationIpv6CidrBlock, r.DestinationPrefixListId)
	// Targets other than the file's two are reported so that a route added
	// by hand shows as drift.
	for _, t := range []struct {
		key string
		id  *string
	}{
		{names.Route.GatewayID, r.GatewayId},
		{names.Route.NATGatewayID, r.NatGatewayId},
		{"transit_gateway_id", r.TransitGatewayId},
		{"vpc_peering_connection_id", r.VpcPeeringConnectionId},
		{"egress_only_internet_gateway_id", r.EgressOnlyInternetGatewayId},
		{"network_interface_id", r.NetworkInterfaceId},
	} {
		if aws.ToString(t.id) != "" {
			rt.key, rt.target = t.key, *t.id
			return rt, true
		}
	}
	// An instance route, or one whose target AWS no longer names: still a
	// route the file did not ask for.
	rt.key, rt.target = "target", aws.ToString(r.InstanceId)
	return rt, true
}

func (r route) fields() map[string]any {
	return map[string]any{names.Route.Destination: r.dest, r.key: r.target}
}

// parseRoute reads one route element: a destination and exactly one target.
func parseRoute(elem any) (route, error) {
	m, ok := elem.(map[string]any)
	if !ok {
		return route{}, badInput("route: want a map, got %T", elem)
	}
	var r route
	for _, k := range slices.Sorted(maps.Keys(m)) {
		v, err := kit.String(m, k)
		if err != nil {
			return route{}, fmt.Errorf("route: %w", err)
		}
		switch {
		case k == names.Route.Destination:
			r.dest = v
		case r.key != "":
			return route{}, badInput("route to %s: more than one target", m[names.Route.Destination])
		default:
			r.key, r.target = k, v
		}
	}
	if r.dest == "" || r.key == "" {
		return route{}, badInput("route: want a destination and one target")
	}
	return r, nil
}

// routeChanges turns the drift's set change into calls, keyed by
// destination: a destination only added is created, one removed and added
// with another target is replaced in place (no window without a route), one
// only removed is deleted. The drift lists elements in canonical order, so
// the calls go out in a reproducible order.
func routeChanges(added, removed []any) (create, replace, remove []route, err error) {
	parse := func(elems []any) ([]route, map[string]bool, error) {
		out, dests := make([]route, 0, len(elems)), map[string]bool{}
		for _, e := range elems {
			r, err := parseRoute(e)
			if err != nil {
				return nil, nil, err
			}
			out, dests[r.dest] = append(out, r), true
		}
		return out, dests, nil
	}
	add, addDests, err := parse(added)
	if err != nil {
		return nil, nil, nil, err
	}
	rm, rmDests, err := parse(removed)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, r := range add {
		if rmDests[r.dest] {
			replace = append(replace, r)
		} else {
			create = append(create, r)
		}
	}
	for _, r := range rm {
		if !addDests[r.dest] {
			remove = append(remove, r)
		}
	}
	return create, replace, remove, nil
}

func (r route) createInput(rtb string) (*ec2.CreateRouteInput, error) {
	in := &ec2.CreateRouteInput{RouteTableId: aws.String(rtb)}
	in.DestinationCidrBlock, in.DestinationIpv6CidrBlock, in.DestinationPrefixListId = r.destination()
	id := aws.String(r.target)
	switch r.key {
	case names.Route.GatewayID:
		in.GatewayId = id
	case names.Route.NATGatewayID:
		in.NatGatewayId = id
	case "transit_gateway_id":
		in.TransitGatewayId = id
	case "vpc_peering_connection_id":
		in.VpcPeeringConnectionId = id
	case "egress_only_internet_gateway_id":
		in.EgressOnlyInternetGatewayId = id
	case "network_interface_id":
		in.NetworkInterfaceId = id
	default:
		return nil, badInput("route to %s: unknown target %q", r.dest, r.key)
	}
	return in, nil
}

// replaceInput is createInput's twin: the two calls take the same fields.
func (r route) replaceInput(rtb string) (*ec2.ReplaceRouteInput, error) {
	c, err := r.createInput(rtb)
	if err != nil {
		return nil, err
	}
	return &ec2.ReplaceRouteInput{
		RouteTableId:                c.RouteTableId,
		DestinationCidrBlock:        c.DestinationCidrBlock,
		DestinationIpv6CidrBlock:    c.DestinationIpv6CidrBlock,
		DestinationPrefixListId:     c.DestinationPrefixListId,
		GatewayId:                   c.GatewayId,
		NatGatewayId:                c.NatGatewayId,
		TransitGatewayId:            c.TransitGatewayId,
		VpcPeeringConnectionId:      c.VpcPeeringConnectionId,
		EgressOnlyInternetGatewayId: c.EgressOnlyInternetGatewayId,
		NetworkInterfaceId:          c.NetworkInterfaceId,
	}, nil
}

// deleteInput names the route by destination alone, so that a route with
// a target the adapter does not know can still be removed.
func (r route) deleteInput(rtb string) *ec2.DeleteRouteInput {
	in := &ec2.DeleteRouteInput{RouteTableId: aws.String(rtb)}
	in.DestinationCidrBlock, in.DestinationIpv6CidrBlock, in.DestinationPrefixListId = r.destination()
	return in
}

// destination is the one of AWS's three destination fields that fits the
// shape of dest: a prefix list ID, an IPv6 or an IPv4 CIDR.
func (r route) destination() (ipv4, ipv6, prefixList *string) {
	switch {
	case strings.HasPrefix(r.dest, "pl-"):
		return nil, nil, aws.String(r.dest)
	case strings.Contains(r.dest, ":"):
		return nil, aws.String(r.dest), nil
	default:
		return aws.String(r.dest), nil, nil
	}
}

func firstOf(ss ...*string) string {
	for _, s := range ss {
		if v := aws.ToString(s); v != "" {
			return v
		}
	}
	return ""
}
