package ec2

import (
	"net/netip"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// parseCIDR reads an IPv4 CIDR block given for parameter param. Host bits
// are cleared, as AWS stores the network address.
func parseCIDR(s, param string) (netip.Prefix, error) {
	if s == "" {
		return netip.Prefix{}, core.MissingParameter(param)
	}
	p, err := netip.ParsePrefix(s)
	if err != nil || !p.Addr().Is4() {
		return netip.Prefix{}, core.BadRequest("InvalidParameterValue", "Value (%s) for parameter %s is invalid. This is not a valid CIDR block.", s, param)
	}
	return p.Masked(), nil
}

// sizeOK reports whether a VPC or subnet block has a netmask from /16 to
// /28, the range both CreateVpc and CreateSubnet allow.
func sizeOK(p netip.Prefix) bool { return p.Bits() >= 16 && p.Bits() <= 28 }

// within reports whether inner lies entirely inside outer.
func within(inner, outer netip.Prefix) bool {
	return inner.Bits() >= outer.Bits() && outer.Contains(inner.Addr())
}
