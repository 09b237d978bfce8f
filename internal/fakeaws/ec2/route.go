package ec2

import (
	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/service/ec2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// routeTarget is the destination and target shared by CreateRoute and
// ReplaceRoute.
type routeTarget struct {
	tableID, dest        *string
	ipv6Dest, prefixList *string
	gatewayID, natID     *string
	unsupported          map[string]*string // other target kinds: parameter → value
}

func createTarget(in *ec2.CreateRouteInput) routeTarget {
	return routeTarget{
		tableID: in.RouteTableId, dest: in.DestinationCidrBlock, ipv6Dest: in.DestinationIpv6CidrBlock, prefixList: in.DestinationPrefixListId,
		gatewayID: in.GatewayId, natID: in.NatGatewayId,
		unsupported: map[string]*string{
			"InstanceId": in.InstanceId, "NetworkInterfaceId": in.NetworkInterfaceId, "VpcPeeringConnectionId": in.VpcPeeringConnectionId,
			"TransitGatewayId": in.TransitGatewayId, "VpcEndpointId": in.VpcEndpointId, "EgressOnlyInternetGatewayId": in.EgressOnlyInternetGatewayId,
			"CarrierGatewayId": in.CarrierGatewayId, "LocalGatewayId": in.LocalGatewayId, "CoreNetworkArn": in.CoreNetworkArn,
		},
	}
}

func replaceTarget(in *ec2.ReplaceRouteInput) routeTarget {
	return routeTarget{
		tableID: in.RouteTableId, dest: in.DestinationCidrBlock, ipv6Dest: in.DestinationIpv6CidrBlock, prefixList: in.DestinationPrefixListId,
		gatewayID: in.GatewayId, natID: in.NatGatewayId,
		unsupported: map[string]*string{
			"InstanceId": in.InstanceId, "NetworkInterfaceId": in.NetworkInterfaceId, "VpcPeeringConnectionId": in.VpcPeeringConnectionId,
			"TransitGatewayId": in.TransitGatewayId, "VpcEndpointId": in.VpcEndpointId, "EgressOnlyInternetGatewayId": in.EgressOnlyInternetGatewayId,
			"CarrierGatewayId": in.CarrierGatewayId, "LocalGatewayId": in.LocalGatewayId, "CoreNetworkArn": in.CoreNetworkArn,
		},
	}
}

// notFoundCodes are the errors for targets of kinds the fake does not
// model: any such ID names nothing.
var notFoundCodes = map[string]string{
	"InstanceId": "InvalidInstanceID.NotFound", "NetworkInterfaceId": "InvalidNetworkInterfaceID.NotFound",
	"VpcPeeringConnectionId": "InvalidVpcPeeringConnectionID.NotFound", "TransitGatewayId": "InvalidTransitGatewayID.NotFound",
	"VpcEndpointId": "InvalidVpcEndpointId.NotFound", "EgressOnlyInternetGatewayId": "InvalidGatewayID.NotFound",
	"CarrierGatewayId": "InvalidCarrierGatewayID.NotFound", "LocalGatewayId": "InvalidLocalGatewayID.NotFound",
	"CoreNetworkArn": "InvalidParameterValue",
}

// resolve checks the table, the destination and exactly one target, and
// returns the route it describes.
func (st *state) resolve(rt routeTarget) (*routeTable, *route, error) {
	t, err := st.routeTable(rt.tableID)
	if err != nil {
		return nil, nil, err
	}
	if rt.ipv6Dest != nil || rt.prefixList != nil {
		return nil, nil, core.BadRequest("InvalidParameterValue", "The fake supports IPv4 destination CIDR blocks only.")
	}
	dest, err := parseCIDR(deref(rt.dest), "destinationCidrBlock")
	if err != nil {
		return nil, nil, err
	}
	targets := 0
	for _, p := range []*string{rt.gatewayID, rt.natID} {
		if p != nil {
			targets++
		}
	}
	for _, p := range rt.unsupported {
		if p != nil {
			targets++
		}
	}
	switch {
	case targets == 0:
		return nil, nil, core.MissingParameter("target (gatewayId, natGatewayId, …)")
	case targets > 1:
		return nil, nil, core.BadRequest("InvalidParameterCombination", "More than one target was specified for the route.")
	}
	r := &route{dest: dest.String(), origin: "CreateRoute"}
	switch {
	case rt.gatewayID != nil:
		g := st.igws[*rt.gatewayID]
		if g == nil {
			return nil, nil, core.NotFound("InvalidGatewayID.NotFound", "The gateway ID '%s' does not exist", *rt.gatewayID)
		}
		if g.vpcID != t.vpcID {
			return nil, nil, core.BadRequest("InvalidParameterValue", "route table %s and network gateway %s belong to different networks", t.id, g.id)
		}
		r.gatewayID = g.id
	case rt.natID != nil:
		n := st.nats[*rt.natID]
		if n == nil || !n.holdsInterface(st.now(), st.env.Timing.NATGateway) {
			return nil, nil, core.NotFound("InvalidNatGatewayID.NotFound", "The natGateway ID '%s' does not exist", *rt.natID)
		}
		if n.vpcID != t.vpcID {
			return nil, nil, core.BadRequest("InvalidParameterValue", "route table %s and NAT gateway %s belong to different networks", t.id, n.id)
		}
		r.natID = n.id
	default:
		for param, p := range rt.unsupported {
			if p != nil {
				return nil, nil, core.NotFound(notFoundCodes[param], "The %s '%s' does not exist", param, *p)
			}
		}
	}
	return t, r, nil
}

func (t *routeTable) find(dest string) int {
	for i, r := range t.routes {
		if r.dest == dest {
			return i
		}
	}
	return -1
}

// createRoute follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateRoute.html:
// a destination already in the table is RouteAlreadyExists.
func (s *Service) createRoute(st *state, r *core.Request) (any, error) {
	var in ec2.CreateRouteInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	t, rt, err := st.resolve(createTarget(&in))
	if err != nil {
		return nil, err
	}
	if t.find(rt.dest) >= 0 {
		return nil, core.BadRequest("RouteAlreadyExists", "The route identified by %s already exists.", rt.dest)
	}
	t.routes = append(t.routes, rt)
	return &ec2.CreateRouteOutput{Return: aws.Bool(true)}, nil
}

// replaceRoute follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReplaceRoute.html:
// the route must exist (AWS answers InvalidParameterValue, telling to use
// CreateRoute instead), and the local route cannot be pointed elsewhere.
func (s *Service) replaceRoute(st *state, r *core.Request) (any, error) {
	var in ec2.ReplaceRouteInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	t, rt, err := st.resolve(replaceTarget(&in))
	if err != nil {
		return nil, err
	}
	i := t.find(rt.dest)
	if i < 0 {
		return nil, core.BadRequest("InvalidParameterValue", "There is no route defined for '%s' in the route table. Please use AddRoute instead.", rt.dest)
	}
	if t.routes[i].gatewayID == "local" {
		return nil, core.BadRequest("InvalidParameterValue", "cannot replace local route %s in route table %s", rt.dest, t.id)
	}
	t.routes[i] = rt
	return &ec2.ReplaceRouteOutput{}, nil
}

// deleteRoute follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteRoute.html:
// a missing route is InvalidRoute.NotFound; the local route stays.
func (s *Service) deleteRoute(st *state, r *core.Request) (any, error) {
	var in ec2.DeleteRouteInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	t, err := st.routeTable(in.RouteTableId)
	if err != nil {
		return nil, err
	}
	dest, err := parseCIDR(deref(in.DestinationCidrBlock), "destinationCidrBlock")
	if err != nil {
		return nil, err
	}
	i := t.find(dest.String())
	if i < 0 {
		return nil, core.BadRequest("InvalidRoute.NotFound", "no route with destination-cidr-block %s in route table %s", dest, t.id)
	}
	if t.routes[i].gatewayID == "local" {
		return nil, core.BadRequest("InvalidParameterValue", "cannot remove local route %s in route table %s", dest, t.id)
	}
	t.routes = append(t.routes[:i], t.routes[i+1:]...)
	return &ec2.DeleteRouteOutput{}, nil
}

// associateRouteTable follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AssociateRouteTable.html:
// a subnet (or gateway) of the same VPC, at most one explicit association
// each (Resource.AlreadyAssociated).
func (s *Service) associateRouteTable(st *state, r *core.Request) (any, error) {
	var in ec2.AssociateRouteTableInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	t, err := st.routeTable(in.RouteTableId)
	if err != nil {
		return nil, err
	}
	a := &rtAssoc{id: st.id("rtbassoc")}
	switch {
	case in.SubnetId != nil && in.GatewayId != nil:
		return nil, core.BadRequest("InvalidParameterCombination", "Specify either a subnet or a gateway, not both.")
	case in.SubnetId != nil:
		sn, err := st.subnet(in.SubnetId)
		if err != nil {
			return nil, err
		}
		if sn.vpcID != t.vpcID {
			return nil, core.BadRequest("InvalidParameterValue", "Route table %s and subnet %s belong to different networks", t.id, sn.id)
		}
		a.subnetID = sn.id
	case in.GatewayId != nil:
		g, err := st.igw(in.GatewayId)
		if err != nil {
			return nil, err
		}
		if g.vpcID != t.vpcID {
			return nil, core.BadRequest("InvalidParameterValue", "Route table %s and gateway %s belong to different networks", t.id, g.id)
		}
		a.gatewayID = g.id
	default:
		return nil, core.MissingParameter("subnetId")
	}
	for _, other := range st.tables {
		for _, b := range other.assocs {
			if (a.subnetID != "" && b.subnetID == a.subnetID) || (a.gatewayID != "" && b.gatewayID == a.gatewayID) {
				return nil, core.BadRequest("Resource.AlreadyAssociated", "the specified association for route table %s conflicts with an existing association", t.id)
			}
		}
	}
	t.assocs = append(t.assocs, a)
	return &ec2.AssociateRouteTableOutput{
		AssociationId:    aws.String(a.id),
		AssociationState: &ec2.RouteTableAssociationState{State: aws.String("associated")},
	}, nil
}

// disassociateRouteTable follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DisassociateRouteTable.html:
// the main association cannot be removed this way.
func (s *Service) disassociateRouteTable(st *state, r *core.Request) (any, error) {
	var in ec2.DisassociateRouteTableInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	id := deref(in.AssociationId)
	if id == "" {
		return nil, core.MissingParameter("associationId")
	}
	for _, t := range st.tables {
		for i, a := range t.assocs {
			if a.id != id {
				continue
			}
			if a.main {
				return nil, core.BadRequest("InvalidParameterValue", "cannot disassociate the main route table association %s", id)
			}
			t.assocs = append(t.assocs[:i], t.assocs[i+1:]...)
			return &ec2.DisassociateRouteTableOutput{}, nil
		}
	}
	return nil, core.NotFound("InvalidAssociationID.NotFound", "The association ID '%s' does not exist", id)
}

// replaceRouteTableAssociation follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReplaceRouteTableAssociation.html:
// the association (a subnet's, or the VPC's main one) moves to another
// table of the same VPC under a new association ID.
func (s *Service) replaceRouteTableAssociation(st *state, r *core.Request) (any, error) {
	var in ec2.ReplaceRouteTableAssociationInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	id := deref(in.AssociationId)
	if id == "" {
		return nil, core.MissingParameter("associationId")
	}
	to, err := st.routeTable(in.RouteTableId)
	if err != nil {
		return nil, err
	}
	for _, from := range st.tables {
		for i, a := range from.assocs {
			if a.id != id {
				continue
			}
			if from.vpcID != to.vpcID {
				return nil, core.BadRequest("InvalidParameterValue", "Route table %s and association %s belong to different networks", to.id, id)
			}
			from.assocs = append(from.assocs[:i], from.assocs[i+1:]...)
			moved := &rtAssoc{id: st.id("rtbassoc"), subnetID: a.subnetID, gatewayID: a.gatewayID, main: a.main}
			to.assocs = append(to.assocs, moved)
			if v := st.vpcs[to.vpcID]; v != nil && moved.main {
				v.mainTable = to.id
			}
			return &ec2.ReplaceRouteTableAssociationOutput{
				NewAssociationId: aws.String(moved.id),
				AssociationState: &ec2.RouteTableAssociationState{State: aws.String("associated")},
			}, nil
		}
	}
	return nil, core.NotFound("InvalidAssociationID.NotFound", "The association ID '%s' does not exist", id)
}
