package desired

// Network addresses, kinds and fields follow docs/resources.md exactly:
// the AWS adapters are written against that document.
const (
	addrVPC = Address("network.vpc")
	addrIGW = Address("network.internet_gateway")
)

func subnetAddr(tier, zone string) Address {
	return Address("network.subnet." + tier + "-" + zone[len(zone)-1:])
}

func (x *expander) network() {
	n := x.env.Network
	x.add(addrVPC, "ec2.vpc", x.nameFor(addrVPC), map[string]any{
		"cidr_block":           n.CIDR,
		"enable_dns_support":   *n.EnableDNSSupport,
		"enable_dns_hostnames": *n.EnableDNSHostnames,
	}, nil, map[string]string{"cidr_block": "a VPC's primary CIDR cannot be changed"})
	for _, tier := range []struct {
		name    string
		subnets []Subnet
	}{{"public", n.PublicSubnets}, {"private", n.PrivateSubnets}} {
		for _, s := range tier.subnets {
			a := subnetAddr(tier.name, s.Zone)
			x.add(a, "ec2.subnet", x.nameFor(a), map[string]any{
				"vpc_id":            ref(addrVPC),
				"cidr_block":        s.CIDR,
				"availability_zone": s.Zone,
				// Off for public subnets too: the ALB and the NAT bring their
				// own addresses, and every public IPv4 address is billed.
				"map_public_ip_on_launch": false,
			}, []Address{addrVPC}, map[string]string{
				"vpc_id":            "a subnet cannot move to another VPC",
				"cidr_block":        "a subnet's CIDR cannot be changed",
				"availability_zone": "a subnet cannot move to another availability zone",
			})
		}
	}
	x.add(addrIGW, "ec2.internet_gateway", x.nameFor(addrIGW), map[string]any{"vpc_id": ref(addrVPC)}, []Address{addrVPC}, nil)
	nats := x.natGateways()
	x.publicRoutes()
	x.privateRoutes(nats)
}

// natGateways adds the Elastic IPs and NAT gateways and returns the NAT
// address per zone letter ("" for the single shared NAT).
func (x *expander) natGateways() map[string]Address {
	n := x.env.Network
	out := map[string]Address{}
	for i, s := range n.PublicSubnets {
		if i >= *n.NATGateways {
			break
		}
		letter := s.Zone[len(s.Zone)-1:]
		eip := Address("network.eip.nat-" + letter)
		nat := Address("network.nat_gateway.nat-" + letter)
		x.add(eip, "ec2.elastic_ip", x.nameFor(eip), map[string]any{"domain": "vpc"},
			[]Address{addrIGW}, map[string]string{"domain": "an Elastic IP's domain cannot be changed"})
		subnet := subnetAddr("public", s.Zone)
		x.add(nat, "ec2.nat_gateway", x.nameFor(nat), map[string]any{
			"subnet_id":         ref(subnet),
			"allocation_id":     ref(eip),
			"connectivity_type": "public",
		}, []Address{subnet, eip}, map[string]string{
			"subnet_id":         "a NAT gateway cannot move to another subnet",
			"allocation_id":     "a NAT gateway's primary Elastic IP cannot be changed",
			"connectivity_type": "a NAT gateway's connectivity type cannot be changed",
		})
		if *n.NATGateways == 1 {
			out[""] = nat
		} else {
			out[letter] = nat
		}
	}
	return out
}

var routeTableImmutable = map[string]string{"vpc_id": "a route table cannot move to another VPC"}

func (x *expander) publicRoutes() {
	a := Address("network.route_table.public")
	deps := []Address{addrVPC, addrIGW}
	assoc := Set{}
	for _, s := range x.env.Network.PublicSubnets {
		sa := subnetAddr("public", s.Zone)
		assoc = append(assoc, ref(sa))
		deps = append(deps, sa)
	}
	x.add(a, "ec2.route_table", x.nameFor(a), map[string]any{
		"vpc_id":       ref(addrVPC),
		"routes":       Set{map[string]any{"destination": "0.0.0.0/0", "gateway_id": ref(addrIGW)}},
		"associations": assoc,
	}, deps, routeTableImmutable)
}

// privateRoutes: one table to the shared NAT, or one per zone to that
// zone's NAT so that a zone's outage does not cut the others off.
func (x *expander) privateRoutes(nats map[string]Address) {
	groups := map[Address][]Subnet{}
	natOf := map[Address]Address{}
	var order []Address
	for _, s := range x.env.Network.PrivateSubnets {
		a, nat := Address("network.route_table.private"), nats[""]
		if nat == "" {
			letter := s.Zone[len(s.Zone)-1:]
			a, nat = Address("network.route_table.private-"+letter), nats[letter]
		}
		if _, ok := groups[a]; !ok {
			order = append(order, a)
		}
		groups[a] = append(groups[a], s)
		natOf[a] = nat
	}
	for _, a := range order {
		deps := []Address{addrVPC, natOf[a]}
		assoc := Set{}
		for _, s := range groups[a] {
			sa := subnetAddr("private", s.Zone)
			assoc = append(assoc, ref(sa))
			deps = append(deps, sa)
		}
		x.add(a, "ec2.route_table", x.nameFor(a), map[string]any{
			"vpc_id":       ref(addrVPC),
			"routes":       Set{map[string]any{"destination": "0.0.0.0/0", "nat_gateway_id": ref(natOf[a])}},
			"associations": assoc,
		}, deps, routeTableImmutable)
	}
}
