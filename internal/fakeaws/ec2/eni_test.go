package ec2_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeNetworkInterfaces.html
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html (a NAT gateway has a
// requester-managed network interface in its subnet until it is deleted)
func TestNatGatewayInterfaceIsListedUntilDeleted(t *testing.T) {
	srv, c := start(t)
	f := natSetup(t, c)
	n := check(c.CreateNatGateway(t.Context(), &ec2.CreateNatGatewayInput{SubnetId: &f.subnet, AllocationId: &f.alloc}))(t).NatGateway
	enis := func(filters ...types.Filter) []types.NetworkInterface {
		t.Helper()
		return check(c.DescribeNetworkInterfaces(t.Context(), &ec2.DescribeNetworkInterfacesInput{Filters: filters}))(t).NetworkInterfaces
	}
	got := enis(filter("subnet-id", f.subnet))
	if len(got) != 1 || *got[0].VpcId != f.vpc || got[0].InterfaceType != types.NetworkInterfaceTypeNatGateway || !*got[0].RequesterManaged {
		t.Fatalf("interfaces in the NAT's subnet: %+v", got)
	}
	if got := enis(filter("vpc-id", f.vpc)); len(got) != 1 {
		t.Errorf("by vpc-id: %d interfaces, want 1", len(got))
	}
	if got := enis(filter("group-id", "sg-12345678")); len(got) != 0 {
		t.Errorf("by group-id: %d interfaces, want 0 (a NAT's interface has no group)", len(got))
	}
	check(c.DeleteNatGateway(t.Context(), &ec2.DeleteNatGatewayInput{NatGatewayId: n.NatGatewayId}))(t)
	srv.Clock().Advance(2 * natTime)
	if got := enis(filter("subnet-id", f.subnet)); len(got) != 0 {
		t.Errorf("after the NAT is deleted: %d interfaces, want 0", len(got))
	}
	_, err := c.DescribeNetworkInterfaces(t.Context(), &ec2.DescribeNetworkInterfacesInput{NetworkInterfaceIds: []string{"eni-12345678"}})
	wantCode(t, err, "InvalidNetworkInterfaceID.NotFound")
}
