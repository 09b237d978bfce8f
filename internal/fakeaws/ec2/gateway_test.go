package ec2_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AttachInternetGateway.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DetachInternetGateway.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteInternetGateway.html
func TestInternetGatewayLifecycle(t *testing.T) {
	_, c := start(t)
	v := newVpc(t, c, "10.0.0.0/16")
	v2 := newVpc(t, c, "10.1.0.0/16")
	igw := check(c.CreateInternetGateway(t.Context(), &ec2.CreateInternetGatewayInput{TagSpecifications: tagSpec(types.ResourceTypeInternetGateway, "Name", "gw")}))(t).InternetGateway
	id := igw.InternetGatewayId
	check(c.AttachInternetGateway(t.Context(), &ec2.AttachInternetGatewayInput{InternetGatewayId: id, VpcId: v.VpcId}))(t)
	_, err := c.AttachInternetGateway(t.Context(), &ec2.AttachInternetGatewayInput{InternetGatewayId: id, VpcId: v2.VpcId})
	wantCode(t, err, "Resource.AlreadyAssociated")
	got := check(c.DescribeInternetGateways(t.Context(), &ec2.DescribeInternetGatewaysInput{Filters: []types.Filter{filter("attachment.vpc-id", *v.VpcId), filter("tag:Name", "gw")}}))(t).InternetGateways
	if len(got) != 1 || got[0].Attachments[0].State != types.AttachmentStatus("available") {
		t.Fatalf("attached gateways = %+v", got)
	}
	_, err = c.DeleteInternetGateway(t.Context(), &ec2.DeleteInternetGatewayInput{InternetGatewayId: id})
	wantCode(t, err, "DependencyViolation")
	_, err = c.DeleteVpc(t.Context(), &ec2.DeleteVpcInput{VpcId: v.VpcId})
	wantCode(t, err, "DependencyViolation")
	_, err = c.DetachInternetGateway(t.Context(), &ec2.DetachInternetGatewayInput{InternetGatewayId: id, VpcId: v2.VpcId})
	wantCode(t, err, "Gateway.NotAttached")
	check(c.DetachInternetGateway(t.Context(), &ec2.DetachInternetGatewayInput{InternetGatewayId: id, VpcId: v.VpcId}))(t)
	check(c.DeleteInternetGateway(t.Context(), &ec2.DeleteInternetGatewayInput{InternetGatewayId: id}))(t)
	_, err = c.DescribeInternetGateways(t.Context(), &ec2.DescribeInternetGatewaysInput{InternetGatewayIds: []string{*id}})
	wantCode(t, err, "InvalidInternetGatewayID.NotFound")
}

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AllocateAddress.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeAddresses.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReleaseAddress.html
func TestElasticIPs(t *testing.T) {
	_, c := start(t)
	a := check(c.AllocateAddress(t.Context(), &ec2.AllocateAddressInput{Domain: types.DomainTypeVpc, TagSpecifications: tagSpec(types.ResourceTypeElasticIp, "Name", "nat-a")}))(t)
	if !idShape.MatchString(*a.AllocationId) || *a.PublicIp == "" || a.Domain != types.DomainTypeVpc {
		t.Fatalf("allocation = %s %s %s", *a.AllocationId, *a.PublicIp, a.Domain)
	}
	check(c.AllocateAddress(t.Context(), &ec2.AllocateAddressInput{Domain: types.DomainTypeVpc}))(t)
	got := check(c.DescribeAddresses(t.Context(), &ec2.DescribeAddressesInput{Filters: []types.Filter{filter("tag:Name", "nat-a"), filter("domain", "vpc")}}))(t).Addresses
	if len(got) != 1 || *got[0].AllocationId != *a.AllocationId || *got[0].PublicIp != *a.PublicIp {
		t.Fatalf("tagged addresses = %+v", got)
	}
	_, err := c.DescribeAddresses(t.Context(), &ec2.DescribeAddressesInput{AllocationIds: []string{"eipalloc-0123456789abcdef0"}})
	wantCode(t, err, "InvalidAllocationID.NotFound")
	check(c.ReleaseAddress(t.Context(), &ec2.ReleaseAddressInput{AllocationId: a.AllocationId}))(t)
	_, err = c.ReleaseAddress(t.Context(), &ec2.ReleaseAddressInput{AllocationId: a.AllocationId})
	wantCode(t, err, "InvalidAllocationID.NotFound")
	_, err = c.AllocateAddress(t.Context(), &ec2.AllocateAddressInput{Domain: types.DomainTypeVpc, TagSpecifications: tagSpec(types.ResourceTypeVpc, "a", "b")})
	wantCode(t, err, "InvalidParameterValue")
}
