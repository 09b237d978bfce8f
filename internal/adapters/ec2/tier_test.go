package ec2_test

import "github.com/everruns/reconciler/pkg/desired"

// tier is the network tier as expansion makes it (docs/resources.md), in
// dependency order: one NAT, two subnets of each kind would add nothing
// the one of each does not show, but two subnets prove Observe's single
// Describe.
func tier() []desired.Resource {
	res := func(addr, kind, name string, fields map[string]any, immutable ...string) desired.Resource {
		fields["tags"] = tags(addr, name)
		r := desired.Resource{Address: desired.Address(addr), Kind: kind, Fields: fields, Immutable: map[string]string{}}
		for _, f := range immutable {
			r.Immutable[f] = f + " cannot be changed in place"
		}
		return r
	}
	anywhere := "0.0.0.0/0"
	return []desired.Resource{
		res("network.vpc", "ec2.vpc", "vpc", map[string]any{
			"cidr_block": "10.0.0.0/16", "enable_dns_support": true, "enable_dns_hostnames": true,
		}, "cidr_block"),
		res("network.subnet.public-a", "ec2.subnet", "public-a", map[string]any{
			"vpc_id": ref("network.vpc"), "cidr_block": "10.0.0.0/24", "availability_zone": "us-east-1a", "map_public_ip_on_launch": true,
		}, "vpc_id", "cidr_block", "availability_zone"),
		res("network.subnet.private-a", "ec2.subnet", "private-a", map[string]any{
			"vpc_id": ref("network.vpc"), "cidr_block": "10.0.10.0/24", "availability_zone": "us-east-1a", "map_public_ip_on_launch": false,
		}, "vpc_id", "cidr_block", "availability_zone"),
		res("network.internet_gateway", "ec2.internet_gateway", "igw", map[string]any{"vpc_id": ref("network.vpc")}),
		res("network.eip.nat-a", "ec2.elastic_ip", "nat-a", map[string]any{"domain": "vpc"}, "domain"),
		res("network.nat_gateway.nat-a", "ec2.nat_gateway", "nat-a", map[string]any{
			"subnet_id": ref("network.subnet.public-a"), "allocation_id": ref("network.eip.nat-a"), "connectivity_type": "public",
		}, "subnet_id", "allocation_id", "connectivity_type"),
		res("network.route_table.public", "ec2.route_table", "public", map[string]any{
			"vpc_id":       ref("network.vpc"),
			"routes":       desired.Set{map[string]any{"destination": anywhere, "gateway_id": ref("network.internet_gateway")}},
			"associations": desired.Set{ref("network.subnet.public-a")},
		}, "vpc_id"),
		res("network.route_table.private", "ec2.route_table", "private", map[string]any{
			"vpc_id":       ref("network.vpc"),
			"routes":       desired.Set{map[string]any{"destination": anywhere, "nat_gateway_id": ref("network.nat_gateway.nat-a")}},
			"associations": desired.Set{ref("network.subnet.private-a")},
		}, "vpc_id"),
		res("network.security_group.alb", "ec2.security_group", "alb", map[string]any{
			"vpc_id": ref("network.vpc"), "group_name": "everruns-production-alb", "description": "load balancer",
			"ingress": desired.Set{
				withDesc(rule("tcp", 443, "cidr", anywhere), "https from anywhere"),
				rule("tcp", 80, "cidr", anywhere),
			},
			"egress": desired.Set{rule("-1", 0, "cidr", anywhere)},
		}, "vpc_id", "group_name", "description"),
		res("network.security_group.ecs", "ec2.security_group", "ecs", map[string]any{
			"vpc_id": ref("network.vpc"), "group_name": "everruns-production-ecs", "description": "tasks",
			"ingress": desired.Set{
				rule("tcp", 8080, "source_security_group", ref("network.security_group.alb")),
				rule("-1", 0, "self", true),
			},
			"egress": desired.Set{rule("-1", 0, "cidr", anywhere)},
		}, "vpc_id", "group_name", "description"),
		res("network.security_group.rds", "ec2.security_group", "rds", map[string]any{
			"vpc_id": ref("network.vpc"), "group_name": "everruns-production-rds", "description": "database",
			"ingress": desired.Set{rule("tcp", 5432, "source_security_group", ref("network.security_group.ecs"))},
			"egress":  desired.Set{}, // the default egress rule revoked
		}, "vpc_id", "group_name", "description"),
	}
}

func withDesc(r map[string]any, d string) map[string]any {
	r["description"] = d
	return r
}
