package ec2_test

import (
	"time"

	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

type natFixture struct {
	vpc, subnet, alloc, publicIP string
}

func natSetup(t *testing.T, c *ec2.Client) natFixture {
	v := newVpc(t, c, "10.0.0.0/16")
	sn := newSubnet(t, c, *v.VpcId, "10.0.0.0/24", "us-east-1a")
	a := check(c.AllocateAddress(t.Context(), &ec2.AllocateAddressInput{Domain: types.DomainTypeVpc}))(t)
	return natFixture{*v.VpcId, *sn.SubnetId, *a.AllocationId, *a.PublicIp}
}

func natState(t *testing.T, c *ec2.Client, id string) types.NatGateway {
	t.Helper()
	got := check(c.DescribeNatGateways(t.Context(), &ec2.DescribeNatGatewaysInput{NatGatewayIds: []string{id}}))(t).NatGateways
	if len(got) != 1 {
		t.Fatalf("nat gateways = %d", len(got))
	}
	return got[0]
}

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNatGateway.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeNatGateways.html
// https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-working-with.html (deleted gateways stay visible about an hour)
func TestNatGatewayLifecycle(t *testing.T) {
	srv, c := start(t)
	f := natSetup(t, c)
	n := check(c.CreateNatGateway(t.Context(), &ec2.CreateNatGatewayInput{SubnetId: &f.subnet, AllocationId: &f.alloc,
		TagSpecifications: tagSpec(types.ResourceTypeNatgateway, "Name", "nat-a")}))(t).NatGateway
	id := *n.NatGatewayId
	if n.State != types.NatGatewayStatePending || !idShape.MatchString(id) || *n.VpcId != f.vpc {
		t.Fatalf("created: state %s id %s", n.State, id)
	}
	srv.Clock().Advance(natTime - 1)
	if got := natState(t, c, id); got.State != types.NatGatewayStatePending {
		t.Fatalf("before natTime: %s", got.State)
	}
	srv.Clock().Advance(1)
	got := natState(t, c, id)
	if got.State != types.NatGatewayStateAvailable || len(got.Tags) != 1 || *got.Tags[0].Value != "nat-a" {
		t.Fatalf("after natTime: %s tags %v", got.State, got.Tags)
	}
	addr := got.NatGatewayAddresses[0]
	if *addr.AllocationId != f.alloc || *addr.PublicIp != f.publicIP || *addr.PrivateIp == "" || *addr.NetworkInterfaceId == "" {
		t.Errorf("address = %+v", addr)
	}
	eip := check(c.DescribeAddresses(t.Context(), &ec2.DescribeAddressesInput{AllocationIds: []string{f.alloc}}))(t).Addresses[0]
	if eip.AssociationId == nil || *eip.NetworkInterfaceId != *addr.NetworkInterfaceId {
		t.Errorf("the Elastic IP is not associated with the NAT: %+v", eip)
	}
	_, err := c.ReleaseAddress(t.Context(), &ec2.ReleaseAddressInput{AllocationId: &f.alloc})
	wantCode(t, err, "InvalidIPAddress.InUse")
	_, err = c.DeleteSubnet(t.Context(), &ec2.DeleteSubnetInput{SubnetId: &f.subnet})
	wantCode(t, err, "DependencyViolation")

	check(c.DeleteNatGateway(t.Context(), &ec2.DeleteNatGatewayInput{NatGatewayId: &id}))(t)
	if got := natState(t, c, id); got.State != types.NatGatewayStateDeleting {
		t.Fatalf("after delete: %s", got.State)
	}
	srv.Clock().Advance(natTime)
	if got := natState(t, c, id); got.State != types.NatGatewayStateDeleted || got.DeleteTime == nil {
		t.Fatalf("after natTime: %s", got.State)
	}
	check(c.ReleaseAddress(t.Context(), &ec2.ReleaseAddressInput{AllocationId: &f.alloc}))(t)
	check(c.DeleteSubnet(t.Context(), &ec2.DeleteSubnetInput{SubnetId: &f.subnet}))(t)
	srv.Clock().Advance(time.Hour + time.Minute)
	_, err = c.DescribeNatGateways(t.Context(), &ec2.DescribeNatGatewaysInput{NatGatewayIds: []string{id}})
	wantCode(t, err, "NatGatewayNotFound")
}

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeNatGateways.html
func TestDescribeNatGatewaysFilters(t *testing.T) {
	srv, c := start(t)
	f := natSetup(t, c)
	a := check(c.CreateNatGateway(t.Context(), &ec2.CreateNatGatewayInput{SubnetId: &f.subnet, AllocationId: &f.alloc,
		TagSpecifications: tagSpec(types.ResourceTypeNatgateway, "env", "prod")}))(t).NatGateway
	srv.Clock().Advance(natTime)
	for name, fs := range map[string][]types.Filter{
		"state":     {filter("state", "available")},
		"subnet-id": {filter("subnet-id", f.subnet)},
		"vpc-id":    {filter("vpc-id", f.vpc), filter("tag:env", "prod")},
		"id":        {filter("nat-gateway-id", *a.NatGatewayId)},
	} {
		got := check(c.DescribeNatGateways(t.Context(), &ec2.DescribeNatGatewaysInput{Filter: fs}))(t).NatGateways
		if len(got) != 1 {
			t.Errorf("%s: got %d, want 1", name, len(got))
		}
	}
	got := check(c.DescribeNatGateways(t.Context(), &ec2.DescribeNatGatewaysInput{Filter: []types.Filter{filter("state", "pending")}}))(t).NatGateways
	if len(got) != 0 {
		t.Errorf("state=pending: got %d, want 0", len(got))
	}
	_, err := c.DescribeNatGateways(t.Context(), &ec2.DescribeNatGatewaysInput{NatGatewayIds: []string{"nat-0123456789abcdef0"}})
	wantCode(t, err, "NatGatewayNotFound")
	_, err = c.CreateNatGateway(t.Context(), &ec2.CreateNatGatewayInput{SubnetId: &f.subnet, AllocationId: aws.String("eipalloc-0123456789abcdef0")})
	wantCode(t, err, "InvalidAllocationID.NotFound")
	_, err = c.CreateNatGateway(t.Context(), &ec2.CreateNatGatewayInput{SubnetId: aws.String("subnet-0123456789abcdef0"), AllocationId: &f.alloc})
	wantCode(t, err, "InvalidSubnetID.NotFound")
}

// An Elastic IP already used by another NAT gateway: the call succeeds and
// the new gateway fails with Resource.AlreadyAssociated.
// https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-troubleshooting.html
func TestNatGatewayFailsWhenAddressInUse(t *testing.T) {
	srv, c := start(t)
	f := natSetup(t, c)
	check(c.CreateNatGateway(t.Context(), &ec2.CreateNatGatewayInput{SubnetId: &f.subnet, AllocationId: &f.alloc}))(t)
	second := check(c.CreateNatGateway(t.Context(), &ec2.CreateNatGatewayInput{SubnetId: &f.subnet, AllocationId: &f.alloc}))(t).NatGateway
	srv.Clock().Advance(natTime)
	got := natState(t, c, *second.NatGatewayId)
	if got.State != types.NatGatewayStateFailed || *got.FailureCode != "Resource.AlreadyAssociated" {
		t.Fatalf("second gateway: %s %v", got.State, got.FailureCode)
	}
}

// https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-idempotency.html
func TestCreateNatGatewayClientToken(t *testing.T) {
	_, c := start(t)
	f := natSetup(t, c)
	in := &ec2.CreateNatGatewayInput{SubnetId: &f.subnet, AllocationId: &f.alloc, ClientToken: aws.String("tok-1")}
	first := check(c.CreateNatGateway(t.Context(), in))(t).NatGateway
	again := check(c.CreateNatGateway(t.Context(), in))(t).NatGateway
	if *first.NatGatewayId != *again.NatGatewayId {
		t.Fatalf("same token created %s and %s", *first.NatGatewayId, *again.NatGatewayId)
	}
	all := check(c.DescribeNatGateways(t.Context(), &ec2.DescribeNatGatewaysInput{}))(t).NatGateways
	if len(all) != 1 {
		t.Fatalf("gateways = %d, want 1", len(all))
	}
	in.ConnectivityType = types.ConnectivityTypePrivate
	in.AllocationId = nil
	_, err := c.CreateNatGateway(t.Context(), in)
	wantCode(t, err, "IdempotentParameterMismatch")
}
