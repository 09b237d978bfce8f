package ec2_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateTags.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteTags.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeTags.html
func TestTags(t *testing.T) {
	_, c := start(t)
	v := newVpc(t, c, "10.0.0.0/16")
	sn := newSubnet(t, c, *v.VpcId, "10.0.1.0/24", "us-east-1a")
	check(c.CreateTags(t.Context(), &ec2.CreateTagsInput{Resources: []string{*v.VpcId, *sn.SubnetId},
		Tags: []types.Tag{{Key: aws.String("env"), Value: aws.String("prod")}, {Key: aws.String("team"), Value: aws.String("net")}}}))(t)
	got := check(c.DescribeTags(t.Context(), &ec2.DescribeTagsInput{Filters: []types.Filter{filter("resource-type", "subnet")}}))(t).Tags
	if len(got) != 2 || *got[0].ResourceId != *sn.SubnetId || got[0].ResourceType != types.ResourceTypeSubnet {
		t.Fatalf("subnet tags = %+v", got)
	}
	got = check(c.DescribeTags(t.Context(), &ec2.DescribeTagsInput{Filters: []types.Filter{filter("key", "env"), filter("resource-id", *v.VpcId)}}))(t).Tags
	if len(got) != 1 || *got[0].Value != "prod" {
		t.Fatalf("key+resource-id = %+v", got)
	}
	// A value that does not match leaves the tag; no value deletes it.
	check(c.DeleteTags(t.Context(), &ec2.DeleteTagsInput{Resources: []string{*v.VpcId}, Tags: []types.Tag{{Key: aws.String("env"), Value: aws.String("dev")}}}))(t)
	check(c.DeleteTags(t.Context(), &ec2.DeleteTagsInput{Resources: []string{*v.VpcId}, Tags: []types.Tag{{Key: aws.String("team")}}}))(t)
	vpc := check(c.DescribeVpcs(t.Context(), &ec2.DescribeVpcsInput{VpcIds: []string{*v.VpcId}}))(t).Vpcs[0]
	if len(vpc.Tags) != 1 || *vpc.Tags[0].Key != "env" {
		t.Fatalf("vpc tags after delete = %+v", vpc.Tags)
	}
	_, err := c.CreateTags(t.Context(), &ec2.CreateTagsInput{Resources: []string{"vpc-0123456789abcdef0"}, Tags: []types.Tag{{Key: aws.String("a"), Value: aws.String("b")}}})
	wantCode(t, err, "InvalidVpcID.NotFound")
	_, err = c.CreateTags(t.Context(), &ec2.CreateTagsInput{Resources: []string{*v.VpcId}, Tags: []types.Tag{{Key: aws.String("aws:x"), Value: aws.String("b")}}})
	wantCode(t, err, "InvalidParameterValue")
}

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Query-Requests.html#api-pagination
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcs.html (MaxResults 5–1000)
func TestPagingReturnsEveryItemOnce(t *testing.T) {
	_, c := start(t)
	var want []string
	for i := range 12 {
		want = append(want, *newVpc(t, c, fmt.Sprintf("10.%d.0.0/16", i), "env", "paged").VpcId)
	}
	newVpc(t, c, "10.200.0.0/16") // not tagged: filtered out before paging
	var got []string
	p := ec2.NewDescribeVpcsPaginator(c, &ec2.DescribeVpcsInput{MaxResults: aws.Int32(5), Filters: []types.Filter{filter("tag:env", "paged")}})
	pages := 0
	for p.HasMorePages() {
		out := check(p.NextPage(t.Context()))(t)
		if len(out.Vpcs) > 5 {
			t.Fatalf("page of %d > MaxResults", len(out.Vpcs))
		}
		got = append(got, vpcIDs(out.Vpcs)...)
		pages++
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) || pages != 3 {
		t.Fatalf("paged %d pages: got %v, want %v", pages, got, want)
	}
	for _, bad := range []int32{4, 1001} {
		_, err := c.DescribeVpcs(t.Context(), &ec2.DescribeVpcsInput{MaxResults: aws.Int32(bad)})
		wantCode(t, err, "InvalidParameterValue")
	}
	_, err := c.DescribeRouteTables(t.Context(), &ec2.DescribeRouteTablesInput{MaxResults: aws.Int32(101)})
	wantCode(t, err, "InvalidParameterValue") // DescribeRouteTables allows 5–100
	_, err = c.DescribeVpcs(t.Context(), &ec2.DescribeVpcsInput{MaxResults: aws.Int32(5), NextToken: aws.String("garbage")})
	wantCode(t, err, "InvalidNextToken")
}

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSecurityGroupRules.html (MaxResults 5–1000)
func TestPagingSecurityGroupRules(t *testing.T) {
	_, c := start(t)
	v := newVpc(t, c, "10.0.0.0/16")
	g := newGroup(t, c, *v.VpcId, "many")
	var perms []types.IpPermission
	for port := int32(1000); port < 1011; port++ {
		perms = append(perms, tcpFrom(port, "10.0.0.0/8"))
	}
	check(c.AuthorizeSecurityGroupIngress(t.Context(), &ec2.AuthorizeSecurityGroupIngressInput{GroupId: &g, IpPermissions: perms}))(t)
	seen := map[string]int{}
	p := ec2.NewDescribeSecurityGroupRulesPaginator(c, &ec2.DescribeSecurityGroupRulesInput{MaxResults: aws.Int32(5), Filters: []types.Filter{filter("group-id", g)}})
	for p.HasMorePages() {
		for _, r := range check(p.NextPage(t.Context()))(t).SecurityGroupRules {
			seen[*r.SecurityGroupRuleId]++
		}
	}
	if len(seen) != 12 { // eleven ingress rules and the default egress rule
		t.Fatalf("rules seen = %d, want 12", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("rule %s seen %d times", id, n)
		}
	}
}

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html (DryRunOperation)
func TestDryRunChangesNothing(t *testing.T) {
	_, c := start(t)
	_, err := c.CreateVpc(t.Context(), &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16"), DryRun: aws.Bool(true)})
	wantCode(t, err, "DryRunOperation")
	if n := len(check(c.DescribeVpcs(t.Context(), &ec2.DescribeVpcsInput{}))(t).Vpcs); n != 0 {
		t.Fatalf("dry run created %d VPCs", n)
	}
}
