package ec2_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

func routeTable(t *testing.T, c *ec2.Client, id string) types.RouteTable {
	t.Helper()
	return check(c.DescribeRouteTables(t.Context(), &ec2.DescribeRouteTablesInput{RouteTableIds: []string{id}}))(t).RouteTables[0]
}

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateRoute.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReplaceRoute.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteRoute.html
func TestRoutes(t *testing.T) {
	srv, c := start(t)
	f := natSetup(t, c)
	rt := check(c.CreateRouteTable(t.Context(), &ec2.CreateRouteTableInput{VpcId: &f.vpc, TagSpecifications: tagSpec(types.ResourceTypeRouteTable, "Name", "public")}))(t).RouteTable
	igw := check(c.CreateInternetGateway(t.Context(), &ec2.CreateInternetGatewayInput{}))(t).InternetGateway
	anywhere := aws.String("0.0.0.0/0")
	_, err := c.CreateRoute(t.Context(), &ec2.CreateRouteInput{RouteTableId: rt.RouteTableId, DestinationCidrBlock: anywhere, GatewayId: igw.InternetGatewayId})
	wantCode(t, err, "InvalidParameterValue") // not attached to this VPC
	check(c.AttachInternetGateway(t.Context(), &ec2.AttachInternetGatewayInput{InternetGatewayId: igw.InternetGatewayId, VpcId: &f.vpc}))(t)
	check(c.CreateRoute(t.Context(), &ec2.CreateRouteInput{RouteTableId: rt.RouteTableId, DestinationCidrBlock: anywhere, GatewayId: igw.InternetGatewayId}))(t)
	_, err = c.CreateRoute(t.Context(), &ec2.CreateRouteInput{RouteTableId: rt.RouteTableId, DestinationCidrBlock: anywhere, GatewayId: igw.InternetGatewayId})
	wantCode(t, err, "RouteAlreadyExists")
	_, err = c.CreateRoute(t.Context(), &ec2.CreateRouteInput{RouteTableId: rt.RouteTableId, DestinationCidrBlock: aws.String("1.0.0.0/8"), GatewayId: aws.String("igw-0123456789abcdef0")})
	wantCode(t, err, "InvalidGatewayID.NotFound")

	nat := check(c.CreateNatGateway(t.Context(), &ec2.CreateNatGatewayInput{SubnetId: &f.subnet, AllocationId: &f.alloc}))(t).NatGateway
	srv.Clock().Advance(natTime)
	check(c.ReplaceRoute(t.Context(), &ec2.ReplaceRouteInput{RouteTableId: rt.RouteTableId, DestinationCidrBlock: anywhere, NatGatewayId: nat.NatGatewayId}))(t)
	got := routeTable(t, c, *rt.RouteTableId)
	if r := got.Routes[1]; *r.NatGatewayId != *nat.NatGatewayId || r.GatewayId != nil || r.State != types.RouteStateActive || r.Origin != types.RouteOriginCreateRoute {
		t.Errorf("replaced route = %+v", r)
	}
	found := check(c.DescribeRouteTables(t.Context(), &ec2.DescribeRouteTablesInput{Filters: []types.Filter{filter("route.nat-gateway-id", *nat.NatGatewayId), filter("tag:Name", "public")}}))(t).RouteTables
	if len(found) != 1 {
		t.Errorf("route.nat-gateway-id filter: %d tables", len(found))
	}
	_, err = c.ReplaceRoute(t.Context(), &ec2.ReplaceRouteInput{RouteTableId: rt.RouteTableId, DestinationCidrBlock: aws.String("192.168.0.0/16"), GatewayId: igw.InternetGatewayId})
	wantCode(t, err, "InvalidParameterValue")

	check(c.DeleteNatGateway(t.Context(), &ec2.DeleteNatGatewayInput{NatGatewayId: nat.NatGatewayId}))(t)
	srv.Clock().Advance(natTime)
	if r := routeTable(t, c, *rt.RouteTableId).Routes[1]; r.State != types.RouteStateBlackhole {
		t.Errorf("route to a deleted NAT: state %s, want blackhole", r.State)
	}
	check(c.DeleteRoute(t.Context(), &ec2.DeleteRouteInput{RouteTableId: rt.RouteTableId, DestinationCidrBlock: anywhere}))(t)
	_, err = c.DeleteRoute(t.Context(), &ec2.DeleteRouteInput{RouteTableId: rt.RouteTableId, DestinationCidrBlock: anywhere})
	wantCode(t, err, "InvalidRoute.NotFound")
	_, err = c.DeleteRoute(t.Context(), &ec2.DeleteRouteInput{RouteTableId: rt.RouteTableId, DestinationCidrBlock: aws.String("10.0.0.0/16")})
	wantCode(t, err, "InvalidParameterValue") // the local route
}

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AssociateRouteTable.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DisassociateRouteTable.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteRouteTable.html
func TestRouteTableAssociations(t *testing.T) {
	_, c := start(t)
	v := newVpc(t, c, "10.0.0.0/16")
	sn := newSubnet(t, c, *v.VpcId, "10.0.1.0/24", "us-east-1a")
	a := check(c.CreateRouteTable(t.Context(), &ec2.CreateRouteTableInput{VpcId: v.VpcId}))(t).RouteTable
	b := check(c.CreateRouteTable(t.Context(), &ec2.CreateRouteTableInput{VpcId: v.VpcId}))(t).RouteTable
	assoc := check(c.AssociateRouteTable(t.Context(), &ec2.AssociateRouteTableInput{RouteTableId: a.RouteTableId, SubnetId: sn.SubnetId}))(t)
	if !idShape.MatchString(*assoc.AssociationId) || assoc.AssociationState.State != types.RouteTableAssociationStateCodeAssociated {
		t.Fatalf("association = %s", *assoc.AssociationId)
	}
	_, err := c.AssociateRouteTable(t.Context(), &ec2.AssociateRouteTableInput{RouteTableId: b.RouteTableId, SubnetId: sn.SubnetId})
	wantCode(t, err, "Resource.AlreadyAssociated")
	got := check(c.DescribeRouteTables(t.Context(), &ec2.DescribeRouteTablesInput{Filters: []types.Filter{filter("association.subnet-id", *sn.SubnetId)}}))(t).RouteTables
	if len(got) != 1 || *got[0].RouteTableId != *a.RouteTableId {
		t.Fatalf("association.subnet-id: %d tables", len(got))
	}
	_, err = c.DeleteRouteTable(t.Context(), &ec2.DeleteRouteTableInput{RouteTableId: a.RouteTableId})
	wantCode(t, err, "DependencyViolation")
	check(c.DisassociateRouteTable(t.Context(), &ec2.DisassociateRouteTableInput{AssociationId: assoc.AssociationId}))(t)
	_, err = c.DisassociateRouteTable(t.Context(), &ec2.DisassociateRouteTableInput{AssociationId: assoc.AssociationId})
	wantCode(t, err, "InvalidAssociationID.NotFound")
	check(c.DeleteRouteTable(t.Context(), &ec2.DeleteRouteTableInput{RouteTableId: a.RouteTableId}))(t)
	_, err = c.DescribeRouteTables(t.Context(), &ec2.DescribeRouteTablesInput{RouteTableIds: []string{*a.RouteTableId}})
	wantCode(t, err, "InvalidRouteTableID.NotFound")
	main := check(c.DescribeRouteTables(t.Context(), &ec2.DescribeRouteTablesInput{Filters: []types.Filter{filter("association.main", "true"), filter("vpc-id", *v.VpcId)}}))(t).RouteTables[0]
	_, err = c.DeleteRouteTable(t.Context(), &ec2.DeleteRouteTableInput{RouteTableId: main.RouteTableId})
	wantCode(t, err, "DependencyViolation")
}

// https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateRouteTable.html
func TestCreateRouteTableClientToken(t *testing.T) {
	_, c := start(t)
	v := newVpc(t, c, "10.0.0.0/16")
	other := newVpc(t, c, "10.1.0.0/16")
	in := &ec2.CreateRouteTableInput{VpcId: v.VpcId, ClientToken: aws.String("rt-1")}
	a := check(c.CreateRouteTable(t.Context(), in))(t).RouteTable
	b := check(c.CreateRouteTable(t.Context(), in))(t).RouteTable
	if *a.RouteTableId != *b.RouteTableId {
		t.Fatalf("same token created %s and %s", *a.RouteTableId, *b.RouteTableId)
	}
	in.VpcId = other.VpcId
	_, err := c.CreateRouteTable(t.Context(), in)
	wantCode(t, err, "IdempotentParameterMismatch")
}

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReplaceRouteTableAssociation.html
func TestReplaceRouteTableAssociation(t *testing.T) {
	_, c := start(t)
	v := newVpc(t, c, "10.0.0.0/16")
	sn := newSubnet(t, c, *v.VpcId, "10.0.1.0/24", "us-east-1a")
	a := check(c.CreateRouteTable(t.Context(), &ec2.CreateRouteTableInput{VpcId: v.VpcId}))(t).RouteTable
	b := check(c.CreateRouteTable(t.Context(), &ec2.CreateRouteTableInput{VpcId: v.VpcId}))(t).RouteTable
	assoc := check(c.AssociateRouteTable(t.Context(), &ec2.AssociateRouteTableInput{RouteTableId: a.RouteTableId, SubnetId: sn.SubnetId}))(t)
	moved := check(c.ReplaceRouteTableAssociation(t.Context(), &ec2.ReplaceRouteTableAssociationInput{AssociationId: assoc.AssociationId, RouteTableId: b.RouteTableId}))(t)
	if *moved.NewAssociationId == *assoc.AssociationId {
		t.Error("the association kept its ID")
	}
	got := check(c.DescribeRouteTables(t.Context(), &ec2.DescribeRouteTablesInput{Filters: []types.Filter{filter("association.subnet-id", *sn.SubnetId)}}))(t).RouteTables
	if len(got) != 1 || *got[0].RouteTableId != *b.RouteTableId {
		t.Fatalf("subnet's table after replace: %d tables", len(got))
	}
	_, err := c.ReplaceRouteTableAssociation(t.Context(), &ec2.ReplaceRouteTableAssociationInput{AssociationId: assoc.AssociationId, RouteTableId: b.RouteTableId})
	wantCode(t, err, "InvalidAssociationID.NotFound")

	main := check(c.DescribeRouteTables(t.Context(), &ec2.DescribeRouteTablesInput{Filters: []types.Filter{filter("association.main", "true"), filter("vpc-id", *v.VpcId)}}))(t).RouteTables[0]
	check(c.ReplaceRouteTableAssociation(t.Context(), &ec2.ReplaceRouteTableAssociationInput{AssociationId: main.Associations[0].RouteTableAssociationId, RouteTableId: a.RouteTableId}))(t)
	now := check(c.DescribeRouteTables(t.Context(), &ec2.DescribeRouteTablesInput{Filters: []types.Filter{filter("association.main", "true"), filter("vpc-id", *v.VpcId)}}))(t).RouteTables
	if len(now) != 1 || *now[0].RouteTableId != *a.RouteTableId {
		t.Fatalf("main table after replace: %+v", now)
	}
	check(c.DeleteRouteTable(t.Context(), &ec2.DeleteRouteTableInput{RouteTableId: main.RouteTableId}))(t) // no longer main
}
