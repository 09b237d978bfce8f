package ec2

import (
	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired/names"
)

// tags are the tag operations every kind of the tier uses to repair tags.
var tags = []string{"ec2:CreateTags", "ec2:DeleteTags"}

func change(ops ...string) []string { return append(ops, tags...) }

// heal is what healing a twin calls (reconcile.TwinHealer): the reads that
// prove it empty, then its delete. The daemon heals, so these are part of
// Change, not of Delete (which only a replacement needs).
func heal(ops ...string) []string { return ops }

// Operations are the EC2 operations each kind calls (kit.Operations).
var Operations = map[string]kit.Operations{
	names.KindVPC: {
		Observe: []string{"ec2:DescribeVpcs", "ec2:DescribeVpcAttribute"},
		Change: append(change("ec2:CreateVpc", "ec2:ModifyVpcAttribute"), heal("ec2:DescribeSubnets", "ec2:DescribeInternetGateways",
			"ec2:DescribeSecurityGroups", "ec2:DescribeRouteTables", "ec2:DescribeNetworkInterfaces", "ec2:DeleteVpc")...),
		Delete: []string{"ec2:DeleteVpc"},
	},
	names.KindSubnet: {
		Observe: []string{"ec2:DescribeSubnets"},
		Change: append(change("ec2:CreateSubnet", "ec2:ModifySubnetAttribute"),
			heal("ec2:DescribeNetworkInterfaces", "ec2:DescribeRouteTables", "ec2:DeleteSubnet")...),
		Delete: []string{"ec2:DeleteSubnet"},
	},
	names.KindInternetGateway: {
		Observe: []string{"ec2:DescribeInternetGateways"},
		Change: append(change("ec2:CreateInternetGateway", "ec2:AttachInternetGateway", "ec2:DetachInternetGateway"),
			heal("ec2:DeleteInternetGateway")...),
		Delete: []string{"ec2:DetachInternetGateway", "ec2:DeleteInternetGateway"},
	},
	names.KindElasticIP: {
		Observe: []string{"ec2:DescribeAddresses"},
		Change:  append(change("ec2:AllocateAddress"), heal("ec2:ReleaseAddress")...),
		Delete:  []string{"ec2:ReleaseAddress"},
	},
	names.KindNATGateway: {
		Observe: []string{"ec2:DescribeNatGateways"},
		Change:  change("ec2:CreateNatGateway"),
		Delete:  []string{"ec2:DeleteNatGateway"},
	},
	names.KindRouteTable: {
		Observe: []string{"ec2:DescribeRouteTables"},
		Change: change("ec2:CreateRouteTable", "ec2:CreateRoute", "ec2:ReplaceRoute", "ec2:DeleteRoute",
			"ec2:AssociateRouteTable", "ec2:DisassociateRouteTable", "ec2:ReplaceRouteTableAssociation"),
		Delete: []string{"ec2:DisassociateRouteTable", "ec2:DeleteRouteTable"},
	},
	names.KindSecurityGroup: {
		Observe: []string{"ec2:DescribeSecurityGroups"},
		Change: append(change("ec2:CreateSecurityGroup", "ec2:AuthorizeSecurityGroupIngress", "ec2:AuthorizeSecurityGroupEgress",
			"ec2:RevokeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress"),
			heal("ec2:DescribeNetworkInterfaces", "ec2:DeleteSecurityGroup")...),
		Delete: []string{"ec2:DeleteSecurityGroup"},
	},
}
