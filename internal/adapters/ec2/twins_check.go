package ec2

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// check lists what uses a twin, one kind of dependent: its IDs, if any.
type check struct {
	what string
	list func(context.Context) ([]string, error)
}

// refuseIfUsed runs the checks in order and refuses at the first that
// finds a dependent. Each is one read, made right before the delete.
func refuseIfUsed(ctx context.Context, checks ...check) error {
	for _, c := range checks {
		ids, err := c.list(ctx)
		if err != nil {
			return fmt.Errorf("list %s: %w", c.what, err)
		}
		if len(ids) > 0 {
			return inUse(c.what, ids)
		}
	}
	return nil
}

func by(name, value string) []types.Filter {
	return []types.Filter{{Name: aws.String(name), Values: []string{value}}}
}

func (t twins) subnetsOf(vpc string) check {
	return check{"subnets", func(ctx context.Context) ([]string, error) {
		p := ec2.NewDescribeSubnetsPaginator(t.deps, &ec2.DescribeSubnetsInput{Filters: by("vpc-id", vpc)})
		return firstIDs(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeSubnetsOutput) []string {
			return ids(o.Subnets, func(s types.Subnet) *string { return s.SubnetId })
		})
	}}
}

func (t twins) gatewaysOf(vpc string) check {
	return check{"internet gateways attached", func(ctx context.Context) ([]string, error) {
		p := ec2.NewDescribeInternetGatewaysPaginator(t.deps, &ec2.DescribeInternetGatewaysInput{Filters: by("attachment.vpc-id", vpc)})
		return firstIDs(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeInternetGatewaysOutput) []string {
			return ids(o.InternetGateways, func(g types.InternetGateway) *string { return g.InternetGatewayId })
		})
	}}
}

// groupsOf skips the VPC's default group, which DeleteVpc deletes with it.
func (t twins) groupsOf(vpc string) check {
	return check{"security groups", func(ctx context.Context) ([]string, error) {
		p := ec2.NewDescribeSecurityGroupsPaginator(t.deps, &ec2.DescribeSecurityGroupsInput{Filters: by("vpc-id", vpc)})
		return firstIDs(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeSecurityGroupsOutput) []string {
			return ids(o.SecurityGroups, func(g types.SecurityGroup) *string {
				if aws.ToString(g.GroupName) == "default" {
					return nil
				}
				return g.GroupId
			})
		})
	}}
}

// tablesOf skips the main route table, which DeleteVpc deletes with it.
func (t twins) tablesOf(vpc string) check {
	return check{"route tables", func(ctx context.Context) ([]string, error) {
		p := ec2.NewDescribeRouteTablesPaginator(t.deps, &ec2.DescribeRouteTablesInput{Filters: by("vpc-id", vpc)})
		return firstIDs(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeRouteTablesOutput) []string {
			return ids(o.RouteTables, func(rt types.RouteTable) *string {
				for _, a := range rt.Associations {
					if aws.ToBool(a.Main) {
						return nil
					}
				}
				return rt.RouteTableId
			})
		})
	}}
}

// associationsOf: a route table associated with the subnet.
func (t twins) associationsOf(subnet string) check {
	return check{"route tables associated", func(ctx context.Context) ([]string, error) {
		p := ec2.NewDescribeRouteTablesPaginator(t.deps, &ec2.DescribeRouteTablesInput{Filters: by("association.subnet-id", subnet)})
		return firstIDs(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeRouteTablesOutput) []string {
			return ids(o.RouteTables, func(rt types.RouteTable) *string { return rt.RouteTableId })
		})
	}}
}

// interfaces lists the network interfaces a filter (vpc-id, subnet-id,
// group-id) selects: NAT gateways, load balancers, tasks.
func (t twins) interfaces(filter, value string) check {
	return check{"network interfaces", func(ctx context.Context) ([]string, error) {
		p := ec2.NewDescribeNetworkInterfacesPaginator(t.deps, &ec2.DescribeNetworkInterfacesInput{Filters: by(filter, value)})
		return firstIDs(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeNetworkInterfacesOutput) []string {
			return ids(o.NetworkInterfaces, func(n types.NetworkInterface) *string { return n.NetworkInterfaceId })
		})
	}}
}

// referencesTo: other groups whose ingress or egress rules name group.
func (t twins) referencesTo(group, filter string) check {
	return check{"security groups whose rules reference it", func(ctx context.Context) ([]string, error) {
		p := ec2.NewDescribeSecurityGroupsPaginator(t.deps, &ec2.DescribeSecurityGroupsInput{Filters: by(filter, group)})
		return firstIDs(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeSecurityGroupsOutput) []string {
			return ids(o.SecurityGroups, func(g types.SecurityGroup) *string {
				if aws.ToString(g.GroupId) == group {
					return nil // its own rules go with it
				}
				return g.GroupId
			})
		})
	}}
}

// ids maps items to their IDs, skipping those id returns nil for.
func ids[T any](items []T, id func(T) *string) []string {
	var out []string
	for _, it := range items {
		if s := id(it); s != nil {
			out = append(out, *s)
		}
	}
	return out
}
