package ec2_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSubnet.html
func TestCreateSubnetRangeAndConflict(t *testing.T) {
	_, c := start(t)
	v := newVpc(t, c, "10.0.0.0/16")
	sn := newSubnet(t, c, *v.VpcId, "10.0.1.0/24", "us-east-1b")
	if *sn.AvailabilityZone != "us-east-1b" || *sn.AvailableIpAddressCount != 251 || *sn.VpcId != *v.VpcId {
		t.Errorf("subnet = az %s free %d", *sn.AvailabilityZone, *sn.AvailableIpAddressCount)
	}
	cases := map[string]struct{ cidr, az, code string }{
		"outside the VPC":   {"10.1.0.0/24", "us-east-1a", "InvalidSubnet.Range"},
		"too small":         {"10.0.2.0/29", "us-east-1a", "InvalidSubnet.Range"},
		"overlap":           {"10.0.1.128/25", "us-east-1a", "InvalidSubnet.Conflict"},
		"not a CIDR":        {"10.0.300.0/24", "us-east-1a", "InvalidParameterValue"},
		"zone of no region": {"10.0.3.0/24", "us-east-1z", "InvalidParameterValue"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := c.CreateSubnet(t.Context(), &ec2.CreateSubnetInput{VpcId: v.VpcId, CidrBlock: aws.String(tc.cidr), AvailabilityZone: aws.String(tc.az)})
			wantCode(t, err, tc.code)
		})
	}
	_, err := c.CreateSubnet(t.Context(), &ec2.CreateSubnetInput{VpcId: aws.String("vpc-0123456789abcdef0"), CidrBlock: aws.String("10.0.9.0/24")})
	wantCode(t, err, "InvalidVpcID.NotFound")
}

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSubnets.html
func TestDescribeSubnetsFilters(t *testing.T) {
	_, c := start(t)
	v := newVpc(t, c, "10.0.0.0/16")
	other := newVpc(t, c, "10.1.0.0/16")
	a := newSubnet(t, c, *v.VpcId, "10.0.1.0/24", "us-east-1a")
	newSubnet(t, c, *v.VpcId, "10.0.2.0/24", "us-east-1b")
	newSubnet(t, c, *other.VpcId, "10.1.1.0/24", "us-east-1a")
	got := check(c.DescribeSubnets(t.Context(), &ec2.DescribeSubnetsInput{Filters: []types.Filter{
		filter("vpc-id", *v.VpcId), filter("availability-zone", "us-east-1a")}}))(t).Subnets
	if len(got) != 1 || *got[0].SubnetId != *a.SubnetId {
		t.Errorf("vpc-id+availability-zone: got %d subnets", len(got))
	}
	got = check(c.DescribeSubnets(t.Context(), &ec2.DescribeSubnetsInput{Filters: []types.Filter{filter("cidr-block", "10.*.1.0/24")}}))(t).Subnets
	if len(got) != 2 {
		t.Errorf("cidr-block wildcard: got %d subnets, want 2", len(got))
	}
	_, err := c.DescribeSubnets(t.Context(), &ec2.DescribeSubnetsInput{SubnetIds: []string{*a.SubnetId, "subnet-0123456789abcdef0"}})
	wantCode(t, err, "InvalidSubnetID.NotFound")
}

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifySubnetAttribute.html
func TestModifySubnetMapPublicIP(t *testing.T) {
	_, c := start(t)
	v := newVpc(t, c, "10.0.0.0/16")
	sn := newSubnet(t, c, *v.VpcId, "10.0.1.0/24", "us-east-1a")
	check(c.ModifySubnetAttribute(t.Context(), &ec2.ModifySubnetAttributeInput{SubnetId: sn.SubnetId, MapPublicIpOnLaunch: &types.AttributeBooleanValue{Value: aws.Bool(true)}}))(t)
	got := check(c.DescribeSubnets(t.Context(), &ec2.DescribeSubnetsInput{Filters: []types.Filter{filter("map-public-ip-on-launch", "true")}}))(t).Subnets
	if len(got) != 1 || !*got[0].MapPublicIpOnLaunch {
		t.Fatalf("map-public-ip-on-launch subnets = %d", len(got))
	}
}

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVpcAttribute.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcAttribute.html
func TestVpcDNSAttributes(t *testing.T) {
	_, c := start(t)
	v := newVpc(t, c, "10.0.0.0/16")
	attr := func(a types.VpcAttributeName) *ec2.DescribeVpcAttributeOutput {
		return check(c.DescribeVpcAttribute(t.Context(), &ec2.DescribeVpcAttributeInput{VpcId: v.VpcId, Attribute: a}))(t)
	}
	if !*attr(types.VpcAttributeNameEnableDnsSupport).EnableDnsSupport.Value || *attr(types.VpcAttributeNameEnableDnsHostnames).EnableDnsHostnames.Value {
		t.Fatal("a new VPC has DNS support on and DNS hostnames off")
	}
	check(c.ModifyVpcAttribute(t.Context(), &ec2.ModifyVpcAttributeInput{VpcId: v.VpcId, EnableDnsHostnames: &types.AttributeBooleanValue{Value: aws.Bool(true)}}))(t)
	if !*attr(types.VpcAttributeNameEnableDnsHostnames).EnableDnsHostnames.Value {
		t.Error("enableDnsHostnames not kept")
	}
	_, err := c.ModifyVpcAttribute(t.Context(), &ec2.ModifyVpcAttributeInput{VpcId: v.VpcId,
		EnableDnsHostnames: &types.AttributeBooleanValue{Value: aws.Bool(true)}, EnableDnsSupport: &types.AttributeBooleanValue{Value: aws.Bool(true)}})
	wantCode(t, err, "InvalidParameterCombination")
}

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeAvailabilityZones.html
func TestDescribeAvailabilityZones(t *testing.T) {
	_, c := start(t)
	zs := check(c.DescribeAvailabilityZones(t.Context(), &ec2.DescribeAvailabilityZonesInput{}))(t).AvailabilityZones
	if len(zs) != 6 || *zs[0].ZoneName != "us-east-1a" || *zs[5].ZoneName != "us-east-1f" || *zs[0].ZoneId != "use1-az1" || zs[0].State != types.AvailabilityZoneStateAvailable {
		t.Fatalf("zones = %d, first %s", len(zs), *zs[0].ZoneName)
	}
	west := check(c.DescribeAvailabilityZones(t.Context(), &ec2.DescribeAvailabilityZonesInput{}, func(o *ec2.Options) { o.Region = "eu-west-1" }))(t).AvailabilityZones
	if len(west) != 3 || *west[0].ZoneName != "eu-west-1a" {
		t.Fatalf("eu-west-1 zones = %d", len(west))
	}
}
