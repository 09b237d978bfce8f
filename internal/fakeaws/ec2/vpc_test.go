package ec2_test

import (
	"regexp"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

var idShape = regexp.MustCompile(`^[a-z]+-[0-9a-f]{17}$`)

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpc.html
// https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html
func TestCreateVpcMakesMainRouteTableAndDefaultGroup(t *testing.T) {
	_, c := start(t)
	v := newVpc(t, c, "10.0.0.0/16", "Name", "main")
	if !idShape.MatchString(*v.VpcId) || *v.OwnerId != "123456789012" || *v.CidrBlock != "10.0.0.0/16" {
		t.Fatalf("vpc = %s owner %s cidr %s", *v.VpcId, *v.OwnerId, *v.CidrBlock)
	}
	rts := check(c.DescribeRouteTables(t.Context(), &ec2.DescribeRouteTablesInput{
		Filters: []types.Filter{filter("vpc-id", *v.VpcId), filter("association.main", "true")}}))(t).RouteTables
	if len(rts) != 1 {
		t.Fatalf("main route tables = %d, want 1", len(rts))
	}
	r := rts[0].Routes[0]
	if *r.DestinationCidrBlock != "10.0.0.0/16" || *r.GatewayId != "local" || r.State != types.RouteStateActive {
		t.Errorf("local route = %+v", r)
	}
	sgs := check(c.DescribeSecurityGroups(t.Context(), &ec2.DescribeSecurityGroupsInput{
		Filters: []types.Filter{filter("vpc-id", *v.VpcId), filter("group-name", "default")}}))(t).SecurityGroups
	if len(sgs) != 1 {
		t.Fatalf("default groups = %d, want 1", len(sgs))
	}
	eg := sgs[0].IpPermissionsEgress
	if len(eg) != 1 || *eg[0].IpProtocol != "-1" || eg[0].FromPort != nil || *eg[0].IpRanges[0].CidrIp != "0.0.0.0/0" {
		t.Errorf("default egress = %+v", eg)
	}
	in := sgs[0].IpPermissions
	if len(in) != 1 || *in[0].UserIdGroupPairs[0].GroupId != *sgs[0].GroupId {
		t.Errorf("default ingress = %+v", in)
	}
}

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcs.html
func TestDescribeVpcsTagFilterReturnsOnlyMatching(t *testing.T) {
	_, c := start(t)
	a := newVpc(t, c, "10.0.0.0/16", "env", "prod", "Name", "a")
	b := newVpc(t, c, "10.1.0.0/16", "env", "staging", "Name", "b")
	newVpc(t, c, "10.2.0.0/16")
	cases := map[string]struct {
		filters []types.Filter
		want    []string
	}{
		"tag:KEY":             {[]types.Filter{filter("tag:env", "prod")}, []string{*a.VpcId}},
		"values are OR":       {[]types.Filter{filter("tag:env", "prod", "staging")}, []string{*a.VpcId, *b.VpcId}},
		"filters are AND":     {[]types.Filter{filter("tag:env", "prod", "staging"), filter("cidr", "10.1.0.0/16")}, []string{*b.VpcId}},
		"wildcard":            {[]types.Filter{filter("tag:env", "st*")}, []string{*b.VpcId}},
		"tag-key":             {[]types.Filter{filter("tag-key", "env")}, []string{*a.VpcId, *b.VpcId}},
		"tag-value":           {[]types.Filter{filter("tag-value", "a")}, []string{*a.VpcId}},
		"no match":            {[]types.Filter{filter("tag:env", "dev")}, nil},
		"vpc-id and tag both": {[]types.Filter{filter("vpc-id", *a.VpcId), filter("tag:Name", "b")}, nil},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got := vpcIDs(check(c.DescribeVpcs(t.Context(), &ec2.DescribeVpcsInput{Filters: tc.filters}))(t).Vpcs)
			slices.Sort(got)
			want := slices.Clone(tc.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcs.html
func TestDescribeVpcsUnknownIDAndFilter(t *testing.T) {
	_, c := start(t)
	_, err := c.DescribeVpcs(t.Context(), &ec2.DescribeVpcsInput{VpcIds: []string{"vpc-0123456789abcdef0"}})
	wantCode(t, err, "InvalidVpcID.NotFound")
	_, err = c.DescribeVpcs(t.Context(), &ec2.DescribeVpcsInput{Filters: []types.Filter{filter("no-such-filter", "x")}})
	wantCode(t, err, "InvalidParameterValue")
}

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpc.html
func TestCreateVpcValidatesCIDR(t *testing.T) {
	_, c := start(t)
	for cidr, code := range map[string]string{"10.0.0.0/8": "InvalidVpc.Range", "10.0.0.0/29": "InvalidVpc.Range", "10.0.0.0": "InvalidParameterValue", "banana": "InvalidParameterValue"} {
		_, err := c.CreateVpc(t.Context(), &ec2.CreateVpcInput{CidrBlock: aws.String(cidr)})
		wantCode(t, err, code)
	}
	_, err := c.CreateVpc(t.Context(), &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16"), TagSpecifications: tagSpec(types.ResourceTypeSubnet, "a", "b")})
	wantCode(t, err, "InvalidParameterValue")
}
