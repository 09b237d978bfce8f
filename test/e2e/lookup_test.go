package e2e

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// The test's own view of the fake, through the EC2 API as a person's
// console would read it: each resource found by its everruns:address tag.

const tagAddress = "everruns:address"

func byAddress(addr string) []types.Filter {
	return []types.Filter{{Name: aws.String("tag:" + tagAddress), Values: []string{addr}}}
}

func vpcID(t *testing.T, f *fake) string {
	t.Helper()
	out, err := f.ec2.DescribeVpcs(t.Context(), &ec2.DescribeVpcsInput{Filters: byAddress("network.vpc")})
	if err != nil || len(out.Vpcs) != 1 {
		t.Fatalf("DescribeVpcs(network.vpc): %d VPCs, err %v", len(out.Vpcs), err)
	}
	return aws.ToString(out.Vpcs[0].VpcId)
}

func subnetID(t *testing.T, f *fake, addr string) string {
	t.Helper()
	out, err := f.ec2.DescribeSubnets(t.Context(), &ec2.DescribeSubnetsInput{Filters: byAddress(addr)})
	if err != nil || len(out.Subnets) != 1 {
		t.Fatalf("DescribeSubnets(%s): %d subnets, err %v", addr, len(out.Subnets), err)
	}
	return aws.ToString(out.Subnets[0].SubnetId)
}

func groupID(t *testing.T, f *fake, addr string) string {
	t.Helper()
	out, err := f.ec2.DescribeSecurityGroups(t.Context(), &ec2.DescribeSecurityGroupsInput{Filters: byAddress(addr)})
	if err != nil || len(out.SecurityGroups) != 1 {
		t.Fatalf("DescribeSecurityGroups(%s): %d groups, err %v", addr, len(out.SecurityGroups), err)
	}
	return aws.ToString(out.SecurityGroups[0].GroupId)
}

func routeTable(t *testing.T, f *fake, addr string) types.RouteTable {
	t.Helper()
	out, err := f.ec2.DescribeRouteTables(t.Context(), &ec2.DescribeRouteTablesInput{Filters: byAddress(addr)})
	if err != nil || len(out.RouteTables) != 1 {
		t.Fatalf("DescribeRouteTables(%s): %d tables, err %v", addr, len(out.RouteTables), err)
	}
	return out.RouteTables[0]
}

func internetGateway(t *testing.T, f *fake) types.InternetGateway {
	t.Helper()
	out, err := f.ec2.DescribeInternetGateways(t.Context(), &ec2.DescribeInternetGatewaysInput{Filters: byAddress("network.internet_gateway")})
	if err != nil || len(out.InternetGateways) != 1 {
		t.Fatalf("DescribeInternetGateways: %d gateways, err %v", len(out.InternetGateways), err)
	}
	return out.InternetGateways[0]
}

// liveNATs are the NAT gateways that are not deleted, deleting or failed.
func liveNATs(t *testing.T, f *fake) []types.NatGateway {
	t.Helper()
	out, err := f.ec2.DescribeNatGateways(t.Context(), &ec2.DescribeNatGatewaysInput{})
	if err != nil {
		t.Fatalf("DescribeNatGateways: %v", err)
	}
	var live []types.NatGateway
	for _, g := range out.NatGateways {
		switch g.State {
		case types.NatGatewayStateDeleted, types.NatGatewayStateDeleting, types.NatGatewayStateFailed:
		default:
			live = append(live, g)
		}
	}
	return live
}

func natID(t *testing.T, f *fake) string {
	t.Helper()
	live := liveNATs(t, f)
	if len(live) != 1 {
		t.Fatalf("%d live NAT gateways, want 1", len(live))
	}
	return aws.ToString(live[0].NatGatewayId)
}

// defaultRoute is the target of the table's 0.0.0.0/0 route ("" if none).
func defaultRoute(rt types.RouteTable) (gateway, nat string) {
	for _, r := range rt.Routes {
		if aws.ToString(r.DestinationCidrBlock) == "0.0.0.0/0" {
			return aws.ToString(r.GatewayId), aws.ToString(r.NatGatewayId)
		}
	}
	return "", ""
}
