package desired

import (
	"fmt"
	"net/netip"
)

// network checks the VPC CIDR, the subnets (inside the VPC, not
// overlapping, in the region's zones, one per zone and tier) and the NAT count.
func (v *validator) network() {
	n := v.env.Network
	vpc, vpcOK := v.cidr("network.cidr", n.CIDR)
	if vpcOK && (vpc.Bits() < 16 || vpc.Bits() > 28) {
		v.errorf("network.cidr", "network.cidr %s: a VPC's prefix length must be between /16 and /28", vpc)
	}
	var seen []namedPrefix
	for _, tier := range []struct {
		key     string
		subnets []Subnet
	}{{"public_subnets", n.PublicSubnets}, {"private_subnets", n.PrivateSubnets}} {
		if len(tier.subnets) == 0 {
			v.errorf("network", "network.%s: at least one subnet is required", tier.key)
		}
		zones := map[string]bool{}
		for i, s := range tier.subnets {
			path := fmt.Sprintf("network.%s[%d]", tier.key, i)
			v.subnetZone(path, s.Zone, zones)
			p, ok := v.cidr(path+".cidr", s.CIDR)
			if !ok {
				continue
			}
			if vpcOK && (!vpc.Contains(p.Addr()) || p.Bits() < vpc.Bits()) {
				v.errorf(path+".cidr", "subnet %s is not inside the VPC's %s", p, vpc)
			}
			if p.Bits() > 28 {
				v.errorf(path+".cidr", "subnet %s: AWS subnets are /16 to /28", p)
			}
			for _, o := range seen {
				if o.prefix.Overlaps(p) {
					v.errorf(path+".cidr", "subnet %s overlaps %s (%s)", p, o.prefix, o.name)
				}
			}
			seen = append(seen, namedPrefix{path, p})
		}
	}
	v.natCount()
}

type namedPrefix struct {
	name   string
	prefix netip.Prefix
}

func (v *validator) subnetZone(path, zone string, seen map[string]bool) {
	switch {
	case zone == "":
		v.errorf(path, "zone: required")
	case zoneLetter(v.env.Region, zone) == "":
		v.errorf(path+".zone", "zone %q is not an availability zone of region %s", zone, v.env.Region)
	case seen[zone]:
		v.errorf(path+".zone", "zone %q has a subnet of this tier already; one subnet per zone and tier", zone)
	}
	seen[zone] = true
}

// cidr parses an IPv4 CIDR whose address is the network address.
func (v *validator) cidr(path, s string) (netip.Prefix, bool) {
	if s == "" {
		v.errorf(path, "%s: a CIDR is required", path)
		return netip.Prefix{}, false
	}
	p, err := netip.ParsePrefix(s)
	switch {
	case err != nil || !p.Addr().Is4():
		v.errorf(path, "%q is not an IPv4 CIDR such as 10.0.0.0/16", s)
		return netip.Prefix{}, false
	case p.Masked() != p:
		v.errorf(path, "CIDR %s has host bits set; did you mean %s?", s, p.Masked())
		return netip.Prefix{}, false
	}
	return p, true
}

// natCount allows one shared NAT or one per zone: anything between would
// leave some zones' traffic crossing zones with no clear owner.
func (v *validator) natCount() {
	n := v.env.Network
	count, zones := *n.NATGateways, len(n.PublicSubnets)
	if count != 1 && count != zones {
		v.errorf("network.nat_gateways", "nat_gateways is %d: use 1 (shared) or %d (one per public subnet's zone)", count, zones)
		return
	}
	if count > 1 {
		public := map[string]bool{}
		for _, s := range n.PublicSubnets {
			public[s.Zone] = true
		}
		for i, s := range n.PrivateSubnets {
			if !public[s.Zone] {
				v.errorf(fmt.Sprintf("network.private_subnets[%d].zone", i), "zone %q has no public subnet for its NAT gateway", s.Zone)
			}
		}
	}
}
