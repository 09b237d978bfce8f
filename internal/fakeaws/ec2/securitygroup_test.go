package ec2_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

func tcpFrom(port int32, cidr string) types.IpPermission {
	return types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(port), ToPort: aws.Int32(port),
		IpRanges: []types.IpRange{{CidrIp: aws.String(cidr)}}}
}

func tcpFromGroup(port int32, group string) types.IpPermission {
	return types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(port), ToPort: aws.Int32(port),
		UserIdGroupPairs: []types.UserIdGroupPair{{GroupId: aws.String(group)}}}
}

func describeGroup(t *testing.T, c *ec2.Client, id string) types.SecurityGroup {
	t.Helper()
	return check(c.DescribeSecurityGroups(t.Context(), &ec2.DescribeSecurityGroupsInput{GroupIds: []string{id}}))(t).SecurityGroups[0]
}

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html
// "You can't have two security groups for the same VPC with the same name."
func TestSecurityGroupNameUniquePerVpc(t *testing.T) {
	_, c := start(t)
	v := newVpc(t, c, "10.0.0.0/16")
	other := newVpc(t, c, "10.1.0.0/16")
	id := newGroup(t, c, *v.VpcId, "web")
	if !idShape.MatchString(id) {
		t.Fatalf("group id %s", id)
	}
	_, err := c.CreateSecurityGroup(t.Context(), &ec2.CreateSecurityGroupInput{VpcId: v.VpcId, GroupName: aws.String("web"), Description: aws.String("again")})
	wantCode(t, err, "InvalidGroup.Duplicate")
	newGroup(t, c, *other.VpcId, "web") // same name, another VPC
	g := describeGroup(t, c, id)
	eg := g.IpPermissionsEgress
	if len(eg) != 1 || *eg[0].IpProtocol != "-1" || eg[0].FromPort != nil || *eg[0].IpRanges[0].CidrIp != "0.0.0.0/0" || len(g.IpPermissions) != 0 {
		t.Errorf("a new group has only the default egress rule: %+v / %+v", g.IpPermissions, eg)
	}
	got := check(c.DescribeSecurityGroups(t.Context(), &ec2.DescribeSecurityGroupsInput{Filters: []types.Filter{filter("group-name", "web")}}))(t).SecurityGroups
	if len(got) != 2 {
		t.Errorf("group-name=web: %d groups, want 2", len(got))
	}
	_, err = c.DescribeSecurityGroups(t.Context(), &ec2.DescribeSecurityGroupsInput{GroupIds: []string{"sg-0123456789abcdef0"}})
	wantCode(t, err, "InvalidGroup.NotFound")
	_, err = c.CreateSecurityGroup(t.Context(), &ec2.CreateSecurityGroupInput{VpcId: v.VpcId, GroupName: aws.String("default"), Description: aws.String("x")})
	wantCode(t, err, "InvalidGroup.Reserved")
}

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AuthorizeSecurityGroupIngress.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSecurityGroupRules.html
func TestAuthorizeRulesAndDuplicates(t *testing.T) {
	_, c := start(t)
	v := newVpc(t, c, "10.0.0.0/16")
	alb := newGroup(t, c, *v.VpcId, "alb")
	app := newGroup(t, c, *v.VpcId, "app")
	out := check(c.AuthorizeSecurityGroupIngress(t.Context(), &ec2.AuthorizeSecurityGroupIngressInput{GroupId: &app,
		IpPermissions: []types.IpPermission{tcpFromGroup(8080, alb), tcpFrom(22, "10.0.0.0/8")}}))(t)
	if len(out.SecurityGroupRules) != 2 || !idShape.MatchString(*out.SecurityGroupRules[0].SecurityGroupRuleId) {
		t.Fatalf("new rules = %+v", out.SecurityGroupRules)
	}
	for name, perm := range map[string]types.IpPermission{
		"cidr source":  tcpFrom(22, "10.0.0.0/8"),
		"group source": tcpFromGroup(8080, alb),
	} {
		_, err := c.AuthorizeSecurityGroupIngress(t.Context(), &ec2.AuthorizeSecurityGroupIngressInput{GroupId: &app, IpPermissions: []types.IpPermission{perm}})
		if err == nil {
			t.Fatalf("%s: duplicate accepted", name)
		}
		wantCode(t, err, "InvalidPermission.Duplicate")
	}
	_, err := c.AuthorizeSecurityGroupEgress(t.Context(), &ec2.AuthorizeSecurityGroupEgressInput{GroupId: &app,
		IpPermissions: []types.IpPermission{{IpProtocol: aws.String("-1"), IpRanges: []types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}}})
	wantCode(t, err, "InvalidPermission.Duplicate") // the default egress rule

	g := describeGroup(t, c, app)
	if len(g.IpPermissions) != 2 || *g.IpPermissions[0].UserIdGroupPairs[0].GroupId != alb || *g.IpPermissions[0].FromPort != 8080 {
		t.Errorf("ingress = %+v", g.IpPermissions)
	}
	rules := check(c.DescribeSecurityGroupRules(t.Context(), &ec2.DescribeSecurityGroupRulesInput{Filters: []types.Filter{filter("group-id", app)}}))(t).SecurityGroupRules
	if len(rules) != 3 {
		t.Fatalf("rules of app = %d, want 3 (two ingress, default egress)", len(rules))
	}
	var fromGroup *types.SecurityGroupRule
	for i := range rules {
		if rules[i].ReferencedGroupInfo != nil {
			fromGroup = &rules[i]
		}
	}
	if fromGroup == nil || *fromGroup.ReferencedGroupInfo.GroupId != alb || *fromGroup.IsEgress {
		t.Fatalf("group-sourced rule lost: %+v", rules)
	}
	one := check(c.DescribeSecurityGroupRules(t.Context(), &ec2.DescribeSecurityGroupRulesInput{Filters: []types.Filter{filter("security-group-rule-id", *fromGroup.SecurityGroupRuleId)}}))(t).SecurityGroupRules
	if len(one) != 1 {
		t.Errorf("security-group-rule-id filter: %d", len(one))
	}
	egress := check(c.DescribeSecurityGroupRules(t.Context(), &ec2.DescribeSecurityGroupRulesInput{Filters: []types.Filter{filter("group-id", alb)}}))(t).SecurityGroupRules
	if len(egress) != 1 || *egress[0].IpProtocol != "-1" || *egress[0].FromPort != -1 || *egress[0].CidrIpv4 != "0.0.0.0/0" {
		t.Errorf("default egress rule = %+v", egress)
	}
	byIngress := check(c.DescribeSecurityGroups(t.Context(), &ec2.DescribeSecurityGroupsInput{Filters: []types.Filter{filter("ip-permission.group-id", alb)}}))(t).SecurityGroups
	if len(byIngress) != 1 || *byIngress[0].GroupId != app {
		t.Errorf("ip-permission.group-id filter: %d groups", len(byIngress))
	}
}

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RevokeSecurityGroupIngress.html
// "For a non-default VPC, if the values you specify do not match the existing
// rule's values, an InvalidPermission.NotFound client error is returned, and
// no rules are revoked."
func TestRevokeRules(t *testing.T) {
	_, c := start(t)
	v := newVpc(t, c, "10.0.0.0/16")
	alb := newGroup(t, c, *v.VpcId, "alb")
	app := newGroup(t, c, *v.VpcId, "app")
	check(c.AuthorizeSecurityGroupIngress(t.Context(), &ec2.AuthorizeSecurityGroupIngressInput{GroupId: &app,
		IpPermissions: []types.IpPermission{tcpFromGroup(8080, alb), tcpFrom(22, "10.0.0.0/8")}}))(t)
	_, err := c.RevokeSecurityGroupIngress(t.Context(), &ec2.RevokeSecurityGroupIngressInput{GroupId: &app,
		IpPermissions: []types.IpPermission{tcpFrom(22, "10.0.0.0/8"), tcpFrom(23, "10.0.0.0/8")}})
	wantCode(t, err, "InvalidPermission.NotFound")
	if n := len(describeGroup(t, c, app).IpPermissions); n != 2 {
		t.Fatalf("a failed revoke removed rules: %d left", n)
	}
	check(c.RevokeSecurityGroupIngress(t.Context(), &ec2.RevokeSecurityGroupIngressInput{GroupId: &app, IpPermissions: []types.IpPermission{tcpFromGroup(8080, alb)}}))(t)
	check(c.RevokeSecurityGroupEgress(t.Context(), &ec2.RevokeSecurityGroupEgressInput{GroupId: &app,
		IpPermissions: []types.IpPermission{{IpProtocol: aws.String("-1"), IpRanges: []types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}}}))(t)
	g := describeGroup(t, c, app)
	if len(g.IpPermissions) != 1 || len(g.IpPermissionsEgress) != 0 {
		t.Errorf("after revoke: %+v / %+v", g.IpPermissions, g.IpPermissionsEgress)
	}
	rules := check(c.DescribeSecurityGroupRules(t.Context(), &ec2.DescribeSecurityGroupRulesInput{Filters: []types.Filter{filter("group-id", app)}}))(t).SecurityGroupRules
	check(c.RevokeSecurityGroupIngress(t.Context(), &ec2.RevokeSecurityGroupIngressInput{GroupId: &app, SecurityGroupRuleIds: []string{*rules[0].SecurityGroupRuleId}}))(t)
	_, err = c.RevokeSecurityGroupIngress(t.Context(), &ec2.RevokeSecurityGroupIngressInput{GroupId: &app, SecurityGroupRuleIds: []string{*rules[0].SecurityGroupRuleId}})
	wantCode(t, err, "InvalidSecurityGroupRuleId.NotFound")
}

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSecurityGroup.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteVpc.html
func TestDependencyViolations(t *testing.T) {
	_, c := start(t)
	v := newVpc(t, c, "10.0.0.0/16")
	alb := newGroup(t, c, *v.VpcId, "alb")
	app := newGroup(t, c, *v.VpcId, "app")
	check(c.AuthorizeSecurityGroupIngress(t.Context(), &ec2.AuthorizeSecurityGroupIngressInput{GroupId: &app, IpPermissions: []types.IpPermission{tcpFromGroup(8080, alb)}}))(t)
	_, err := c.DeleteSecurityGroup(t.Context(), &ec2.DeleteSecurityGroupInput{GroupId: &alb})
	wantCode(t, err, "DependencyViolation") // app's rule references alb
	_, err = c.DeleteVpc(t.Context(), &ec2.DeleteVpcInput{VpcId: v.VpcId})
	wantCode(t, err, "DependencyViolation") // groups
	def := check(c.DescribeSecurityGroups(t.Context(), &ec2.DescribeSecurityGroupsInput{Filters: []types.Filter{filter("vpc-id", *v.VpcId), filter("group-name", "default")}}))(t).SecurityGroups[0]
	_, err = c.DeleteSecurityGroup(t.Context(), &ec2.DeleteSecurityGroupInput{GroupId: def.GroupId})
	wantCode(t, err, "CannotDelete")
	check(c.DeleteSecurityGroup(t.Context(), &ec2.DeleteSecurityGroupInput{GroupId: &app}))(t)
	check(c.DeleteSecurityGroup(t.Context(), &ec2.DeleteSecurityGroupInput{GroupId: &alb}))(t)

	sn := newSubnet(t, c, *v.VpcId, "10.0.1.0/24", "us-east-1a")
	_, err = c.DeleteVpc(t.Context(), &ec2.DeleteVpcInput{VpcId: v.VpcId})
	wantCode(t, err, "DependencyViolation") // subnet
	check(c.DeleteSubnet(t.Context(), &ec2.DeleteSubnetInput{SubnetId: sn.SubnetId}))(t)
	check(c.DeleteVpc(t.Context(), &ec2.DeleteVpcInput{VpcId: v.VpcId}))(t)
	rts := check(c.DescribeRouteTables(t.Context(), &ec2.DescribeRouteTablesInput{Filters: []types.Filter{filter("vpc-id", *v.VpcId)}}))(t).RouteTables
	if len(rts) != 0 {
		t.Errorf("the main route table outlived its VPC")
	}
}

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSecurityGroup.html
// "[Default VPC] You can specify either the ID or the name of the security
// group. For security groups in a nondefault VPC, you must specify the
// security group ID." The fake has no default VPC.
func TestGroupNamesNeedADefaultVpc(t *testing.T) {
	_, c := start(t)
	v := newVpc(t, c, "10.0.0.0/16")
	web := newGroup(t, c, *v.VpcId, "web")
	_, err := c.DeleteSecurityGroup(t.Context(), &ec2.DeleteSecurityGroupInput{GroupName: aws.String("web")})
	wantCode(t, err, "VPCIdNotSpecified")
	_, err = c.DescribeSecurityGroups(t.Context(), &ec2.DescribeSecurityGroupsInput{GroupNames: []string{"web"}})
	wantCode(t, err, "VPCIdNotSpecified")
	_, err = c.AuthorizeSecurityGroupIngress(t.Context(), &ec2.AuthorizeSecurityGroupIngressInput{GroupId: &web,
		IpPermissions: []types.IpPermission{{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(80), ToPort: aws.Int32(80),
			UserIdGroupPairs: []types.UserIdGroupPair{{GroupName: aws.String("web")}}}}})
	wantCode(t, err, "VPCIdNotSpecified")
	_, err = c.CreateSecurityGroup(t.Context(), &ec2.CreateSecurityGroupInput{GroupName: aws.String("x"), Description: aws.String("x")})
	wantCode(t, err, "VPCIdNotSpecified")
}

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSecurityGroup.html (allowed characters)
func TestRuleAndGroupValidation(t *testing.T) {
	_, c := start(t)
	v := newVpc(t, c, "10.0.0.0/16")
	g := newGroup(t, c, *v.VpcId, "app")
	cases := map[string]struct {
		perm types.IpPermission
		code string
	}{
		"tcp without ports": {types.IpPermission{IpProtocol: aws.String("tcp"), IpRanges: []types.IpRange{{CidrIp: aws.String("10.0.0.0/8")}}}, "InvalidParameterValue"},
		"from above to":     {types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(90), ToPort: aws.Int32(80), IpRanges: []types.IpRange{{CidrIp: aws.String("10.0.0.0/8")}}}, "InvalidParameterValue"},
		"bad protocol":      {types.IpPermission{IpProtocol: aws.String("tcpx"), IpRanges: []types.IpRange{{CidrIp: aws.String("10.0.0.0/8")}}}, "InvalidParameterValue"},
		"bad cidr":          {types.IpPermission{IpProtocol: aws.String("-1"), IpRanges: []types.IpRange{{CidrIp: aws.String("10.0.0/8")}}}, "InvalidParameterValue"},
		"no source":         {types.IpPermission{IpProtocol: aws.String("-1")}, "MissingParameter"},
		"unknown group":     {tcpFromGroup(80, "sg-0123456789abcdef0"), "InvalidGroup.NotFound"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := c.AuthorizeSecurityGroupIngress(t.Context(), &ec2.AuthorizeSecurityGroupIngressInput{GroupId: &g, IpPermissions: []types.IpPermission{tc.perm}})
			wantCode(t, err, tc.code)
		})
	}
	// Protocol 6 is stored as tcp, so the same rule by number is a duplicate.
	check(c.AuthorizeSecurityGroupIngress(t.Context(), &ec2.AuthorizeSecurityGroupIngressInput{GroupId: &g, IpPermissions: []types.IpPermission{tcpFrom(443, "0.0.0.0/0")}}))(t)
	byNumber := tcpFrom(443, "0.0.0.0/0")
	byNumber.IpProtocol = aws.String("6")
	_, err := c.AuthorizeSecurityGroupIngress(t.Context(), &ec2.AuthorizeSecurityGroupIngressInput{GroupId: &g, IpPermissions: []types.IpPermission{byNumber}})
	wantCode(t, err, "InvalidPermission.Duplicate")
	_, err = c.CreateSecurityGroup(t.Context(), &ec2.CreateSecurityGroupInput{VpcId: v.VpcId, GroupName: aws.String("sg-web"), Description: aws.String("x")})
	wantCode(t, err, "InvalidParameterValue")
	_, err = c.CreateSecurityGroup(t.Context(), &ec2.CreateSecurityGroupInput{VpcId: v.VpcId, GroupName: aws.String("web"), Description: aws.String("café")})
	wantCode(t, err, "InvalidParameterValue")
}

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSecurityGroups.html
func TestDescribeSecurityGroupsTagFilter(t *testing.T) {
	_, c := start(t)
	v := newVpc(t, c, "10.0.0.0/16")
	out := check(c.CreateSecurityGroup(t.Context(), &ec2.CreateSecurityGroupInput{VpcId: v.VpcId, GroupName: aws.String("db"), Description: aws.String("db"),
		TagSpecifications: tagSpec(types.ResourceTypeSecurityGroup, "tier", "data")}))(t)
	if len(out.Tags) != 1 {
		t.Errorf("CreateSecurityGroup tags = %+v", out.Tags)
	}
	newGroup(t, c, *v.VpcId, "web")
	got := check(c.DescribeSecurityGroups(t.Context(), &ec2.DescribeSecurityGroupsInput{Filters: []types.Filter{filter("tag:tier", "data"), filter("vpc-id", *v.VpcId)}}))(t).SecurityGroups
	if len(got) != 1 || *got[0].GroupId != *out.GroupId {
		t.Fatalf("tag:tier=data: %d groups", len(got))
	}
}
