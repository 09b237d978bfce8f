package desired

import "github.com/everruns/reconciler/pkg/desired/names"

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
	x.add(addrVPC, names.KindVPC, x.nameFor(addrVPC), map[string]any{
		names.VPC.CIDRBlock:          n.CIDR,
		names.VPC.EnableDNSSupport:   *n.EnableDNSSupport,
		names.VPC.EnableDNSHostnames: *n.EnableDNSHostnames,
	}, nil, map[string]string{names.VPC.CIDRBlock: "a VPC's primary CIDR cannot be changed"})
	for _, tier := range []struct {
		name    string
		subnets []Subnet
	}{{"public", n.PublicSubnets}, {"private", n.PrivateSubnets}} {
		for _, s := range tier.subnets {
			a := subnetAddr(tier.name, s.Zone)
			x.add(a, names.KindSubnet, x.nameFor(a), map[string]any{
				names.Subnet.VPCID:            ref(addrVPC),
				names.Subnet.CIDRBlock:        s.CIDR,
				names.Subnet.AvailabilityZone: s.Zone,
				// Off for public subnets too: the ALB and the NAT bring their
				// own addresses, and every public IPv4 address is billed.
				names.Subnet.MapPublicIPOnLaunch: false,
			}, []Address{addrVPC}, map[string]string{
				names.Subnet.VPCID:            "a subnet cannot move to another VPC",
				names.Subnet.CIDRBlock:        "a subnet's CIDR cannot be changed",
				names.Subnet.AvailabilityZone: "a subnet cannot move to another availability zone",
			})
		}
	}
	x.add(addrIGW, names.KindInternetGateway, x.nameFor(addrIGW), map[string]any{names.InternetGateway.VPCID: ref(addrVPC)}, []Address{addrVPC}, nil)
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
		x.add(eip, names.KindElasticIP, x.nameFor(eip), map[string]any{names.ElasticIP.Domain: "vpc"},
			[]Address{addrIGW}, map[string]string{names.ElasticIP.Domain: "an Elastic IP's domain cannot be changed"})
		subnet := subnetAddr("public", s.Zone)
		x.add(nat, names.KindNATGateway, x.nameFor(nat), map[string]any{
			names.NATGateway.SubnetID:         ref(subnet),
			names.NATGateway.AllocationID:     ref(eip),
			names.NATGateway.ConnectivityType: "public",
		}, []Address{subnet, eip}, map[string]string{
			names.NATGateway.SubnetID:         "a NAT gateway cannot move to another subnet",
			names.NATGateway.AllocationID:     "a NAT gateway's primary Elastic IP cannot be changed",
			names.NATGateway.ConnectivityType: "a NAT gateway's connectivity type cannot be changed",
		})
		if *n.NATGateways == 1 {
			out[""] = nat
		} else {
			out[letter] = nat
		}
	}
	return out
}

var routeTableImmutable = map[string]string{names.RouteTable.VPCID: "a route table cannot move to another VPC"}

func (x *expander) publicRoutes() {
	a := Address("network.route_table.public")
	deps := []Address{addrVPC, addrIGW}
	assoc := Set{}
	for _, s := range x.env.Network.PublicSubnets {
		sa := subnetAddr("public", s.Zone)
		assoc = append(assoc, ref(sa))
		deps = append(deps, sa)
	}
	x.add(a, names.KindRouteTable, x.nameFor(a), map[string]any{
		names.RouteTable.VPCID:        ref(addrVPC),
		names.RouteTable.Routes:       Set{map[string]any{names.Route.Destination: "0.0.0.0/0", names.Route.GatewayID: ref(addrIGW)}},
		names.RouteTable.Associations: assoc,
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
		x.add(a, names.KindRouteTable, x.nameFor(a), map[string]any{
			names.RouteTable.VPCID:        ref(addrVPC),
			names.RouteTable.Routes:       Set{map[string]any{names.Route.Destination: "0.0.0.0/0", names.Route.NATGatewayID: ref(natOf[a])}},
			names.RouteTable.Associations: assoc,
		}, deps, routeTableImmutable)
	}
}
