package authz

import "strings"

// EC2, from "Actions, resources, and condition keys for Amazon EC2"
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html)
// and "Grant permission to tag resources during creation"
// (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/supported-iam-actions-tagging.html):
// an action is authorized once for each resource type its row lists that
// the request involves; a create with TagSpecification is also
// authorized as ec2:CreateTags on the new resource, with ec2:CreateAction
// the create's name.
func init() {
	register("ec2", map[string]rule{
		"CreateVpc":                     ec2Create("vpc", ""),
		"CreateSubnet":                  ec2Create("subnet", "VpcId"),
		"CreateInternetGateway":         ec2Create("internet-gateway", ""),
		"AllocateAddress":               ec2Create("elastic-ip", ""),
		"CreateNatGateway":              ec2Create("natgateway", "SubnetId", "AllocationId"),
		"CreateRouteTable":              ec2Create("route-table", "VpcId"),
		"CreateSecurityGroup":           ec2Create("security-group", "VpcId"),
		"AttachInternetGateway":         ec2On("InternetGatewayId", "VpcId"),
		"DetachInternetGateway":         ec2On("InternetGatewayId", "VpcId"),
		"AssociateRouteTable":           ec2On("RouteTableId", "SubnetId", "GatewayId"),
		"DisassociateRouteTable":        ec2Association,
		"ReplaceRouteTableAssociation":  ec2On("RouteTableId"),
		"CreateRoute":                   ec2On("RouteTableId"),
		"ReplaceRoute":                  ec2On("RouteTableId"),
		"DeleteRoute":                   ec2On("RouteTableId"),
		"AuthorizeSecurityGroupIngress": ec2On("GroupId"),
		"AuthorizeSecurityGroupEgress":  ec2On("GroupId"),
		"RevokeSecurityGroupIngress":    ec2On("GroupId"),
		"RevokeSecurityGroupEgress":     ec2On("GroupId"),
		"ModifyVpcAttribute":            ec2On("VpcId"),
		"ModifySubnetAttribute":         ec2On("SubnetId"),
		"DeleteVpc":                     ec2On("VpcId"),
		"DeleteSubnet":                  ec2On("SubnetId"),
		"DeleteInternetGateway":         ec2On("InternetGatewayId"),
		"DeleteNatGateway":              ec2On("NatGatewayId"),
		"DeleteRouteTable":              ec2On("RouteTableId"),
		"DeleteSecurityGroup":           ec2On("GroupId"),
		"ReleaseAddress":                ec2On("AllocationId"),
		"CreateTags":                    ec2Tags(true),
		"DeleteTags":                    ec2Tags(false),
		"DescribeVpcs":                  star("ec2"),
		"DescribeVpcAttribute":          star("ec2"),
		"DescribeSubnets":               star("ec2"),
		"DescribeInternetGateways":      star("ec2"),
		"DescribeAddresses":             star("ec2"),
		"DescribeNatGateways":           star("ec2"),
		"DescribeRouteTables":           star("ec2"),
		"DescribeSecurityGroups":        star("ec2"),
		"DescribeSecurityGroupRules":    star("ec2"),
		"DescribeNetworkInterfaces":     star("ec2"),
		"DescribeAvailabilityZones":     star("ec2"),
		"DescribeRegions":               star("ec2"),
		"DescribeTags":                  star("ec2"),
		"DescribeAccountAttributes":     star("ec2"),
	})
}

// ec2Types maps an EC2 ID's prefix to its ARN resource type.
var ec2Types = []struct{ prefix, typ string }{
	{"vpc-", "vpc"}, {"subnet-", "subnet"}, {"igw-", "internet-gateway"}, {"eipalloc-", "elastic-ip"},
	{"nat-", "natgateway"}, {"rtb-", "route-table"}, {"sgr-", "security-group-rule"}, {"sg-", "security-group"},
	{"eni-", "network-interface"},
}

func (c *Call) ec2ARN(id string) string {
	for _, t := range ec2Types {
		if strings.HasPrefix(id, t.prefix) {
			return c.arn("ec2", c.Region, t.typ+"/"+id)
		}
	}
	return c.arn("ec2", c.Region, "unknown/"+id)
}

// ec2RequestTags are the tags of a create's TagSpecification (the
// reconciler tags the one resource it creates).
func (c *Call) ec2RequestTags() map[string]string {
	tags := map[string]string{}
	for i := 1; c.Form.Get("TagSpecification."+itoa(i)+".ResourceType") != ""; i++ {
		for k, v := range c.formTags("TagSpecification." + itoa(i) + ".Tag") {
			tags[k] = v
		}
	}
	return tags
}

// ec2Create: the new resource (type/*) with the request's tags, each
// existing resource the request names (by the parameters given), and
// ec2:CreateTags on the new resource when the request tags it.
func ec2Create(typ string, params ...string) rule {
	return func(c *Call) []Check {
		action := "ec2:" + c.Action
		tags := c.ec2RequestTags()
		x := ctx{}.requestTags(tags)
		newARN := c.arn("ec2", c.Region, typ+"/*")
		checks := []Check{{Action: action, Resource: newARN, Context: x.clone()}}
		for _, p := range params {
			if id := c.Form.Get(p); id != "" {
				checks = append(checks, c.on(action, c.ec2ARN(id), x))
			}
		}
		if len(tags) > 0 {
			checks = append(checks, Check{Action: "ec2:CreateTags", Resource: newARN, Context: x.clone().with("ec2:CreateAction", c.Action)})
		}
		return checks
	}
}

// ec2On: the existing resources named by params.
func ec2On(params ...string) rule {
	return func(c *Call) []Check {
		var checks []Check
		for _, p := range params {
			if id := c.Form.Get(p); id != "" {
				checks = append(checks, c.on("ec2:"+c.Action, c.ec2ARN(id), ctx{}))
			}
		}
		return checks
	}
}

// ec2Association: DisassociateRouteTable names an association; the
// route table and the subnet it joins are the resources.
func ec2Association(c *Call) []Check {
	id := c.Form.Get("AssociationId")
	var checks []Check
	for _, r := range strings.Fields(c.State.Find("ec2:association", id)) {
		checks = append(checks, c.on("ec2:DisassociateRouteTable", c.ec2ARN(r), ctx{}))
	}
	if len(checks) == 0 { // an unknown association: the call fails on it; authorize the table type
		checks = append(checks, Check{Action: "ec2:DisassociateRouteTable", Resource: c.arn("ec2", c.Region, "route-table/*"), Context: map[string][]string{}})
	}
	return checks
}

// ec2Tags: CreateTags and DeleteTags on each resource, with the tags (or
// keys) of the request.
func ec2Tags(create bool) rule {
	return func(c *Call) []Check {
		x := ctx{}
		if create {
			x.requestTags(c.formTags("Tag"))
		} else {
			var keys []string
			for k := range c.formTags("Tag") {
				keys = append(keys, k)
			}
			x.tagKeys(sortedStrings(keys))
		}
		var checks []Check
		for _, id := range c.list("ResourceId") {
			checks = append(checks, c.on("ec2:"+c.Action, c.ec2ARN(id), x))
		}
		return checks
	}
}
