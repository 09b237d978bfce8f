package ec2

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/service/ec2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// sgRule is one security group rule: one protocol and port range, and one
// source or destination (a CIDR, an IPv6 CIDR, a prefix list or a group).
// AWS gives each its own sgr- ID.
type sgRule struct {
	id, groupID string
	egress      bool
	proto       string // tcp, udp, icmp, icmpv6, -1 or a protocol number
	from, to    int64  // -1 where the protocol has no ports
	cidr, cidr6 string
	prefixList  string
	source      string // referenced group ID
	desc        string
}

// hasPorts reports whether the protocol carries a port range (or ICMP type
// and code); for the others AWS shows no ports in IpPermissions.
func hasPorts(proto string) bool {
	switch proto {
	case "tcp", "udp", "icmp", "icmpv6":
		return true
	}
	return false
}

func (r *sgRule) port(p int64) string {
	if !hasPorts(r.proto) {
		return ""
	}
	return strconv.FormatInt(p, 10)
}

// key identifies a rule for duplicate and revoke matching: everything but
// the description and the ID.
func (r *sgRule) key() string {
	return fmt.Sprintf("%t|%s|%d|%d|%s|%s|%s|%s", r.egress, r.proto, r.from, r.to, r.cidr, r.cidr6, r.prefixList, r.source)
}

// describe renders a rule as AWS does in InvalidPermission.Duplicate.
func (r *sgRule) describe() string {
	peer := r.cidr + r.cidr6 + r.prefixList + r.source
	return fmt.Sprintf("peer: %s, %s, from port: %d, to port: %d, ALLOW", peer, strings.ToUpper(r.proto), r.from, r.to)
}

var protocolNames = map[string]string{"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "all": "-1"}

// protocol normalises an IpProtocol as AWS stores it: names for tcp, udp,
// icmp and icmpv6 (also when given by number), -1 for all.
func protocol(p string) (string, error) {
	p = strings.ToLower(p)
	if n, ok := protocolNames[p]; ok {
		return n, nil
	}
	switch p {
	case "tcp", "udp", "icmp", "icmpv6", "-1":
		return p, nil
	}
	if n, err := strconv.Atoi(p); err == nil && n >= 0 && n <= 255 {
		return p, nil
	}
	return "", core.BadRequest("InvalidParameterValue", "Invalid value '%s' for IP protocol. Unknown protocol.", p)
}

// ports checks the port range for the protocol
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html).
func ports(proto string, from, to *int64) (int64, int64, error) {
	switch proto {
	case "tcp", "udp":
		if from == nil || to == nil {
			return 0, 0, core.BadRequest("InvalidParameterValue", "Invalid value 'null' for portRange. Must specify both from and to ports with TCP/UDP.")
		}
		if *from < 0 || *to > 65535 || *from > *to {
			return 0, 0, core.BadRequest("InvalidParameterValue", "Invalid value '%d-%d' for portRange.", *from, *to)
		}
		return *from, *to, nil
	case "icmp", "icmpv6":
		f, t := aws.Int64Value(from), aws.Int64Value(to)
		if from == nil {
			f = -1
		}
		if to == nil {
			t = -1
		}
		if f < -1 || f > 255 || t < -1 || t > 255 {
			return 0, 0, core.BadRequest("InvalidParameterValue", "Invalid value '%d' for ICMP type or '%d' for code.", f, t)
		}
		return f, t, nil
	}
	// All protocols (-1) and those without ports: AWS ignores any ports given.
	return -1, -1, nil
}

// expand turns IpPermissions into single-source rules of group g.
func (st *state) expand(g *securityGroup, egress bool, perms []*ec2.IpPermission) ([]*sgRule, error) {
	var out []*sgRule
	for _, p := range perms {
		proto, err := protocol(deref(p.IpProtocol))
		if err != nil {
			return nil, err
		}
		from, to, err := ports(proto, p.FromPort, p.ToPort)
		if err != nil {
			return nil, err
		}
		base := sgRule{groupID: g.id, egress: egress, proto: proto, from: from, to: to}
		n := len(out)
		for _, rg := range p.IpRanges {
			c, err := netip.ParsePrefix(deref(rg.CidrIp))
			if err != nil || !c.Addr().Is4() {
				return nil, core.BadRequest("InvalidParameterValue", "CIDR block %s is malformed", deref(rg.CidrIp))
			}
			r := base
			r.cidr, r.desc = c.Masked().String(), deref(rg.Description)
			out = append(out, &r)
		}
		for _, rg := range p.Ipv6Ranges {
			c, err := netip.ParsePrefix(deref(rg.CidrIpv6))
			if err != nil || !c.Addr().Is6() {
				return nil, core.BadRequest("InvalidParameterValue", "CIDR block %s is malformed", deref(rg.CidrIpv6))
			}
			r := base
			r.cidr6, r.desc = c.Masked().String(), deref(rg.Description)
			out = append(out, &r)
		}
		for _, pl := range p.PrefixListIds {
			r := base
			r.prefixList, r.desc = deref(pl.PrefixListId), deref(pl.Description)
			out = append(out, &r)
		}
		for _, pair := range p.UserIdGroupPairs {
			src, err := st.sourceGroup(pair)
			if err != nil {
				return nil, err
			}
			r := base
			r.source, r.desc = src, deref(pair.Description)
			out = append(out, &r)
		}
		if len(out) == n {
			return nil, core.MissingParameter("source specification: include source security group or CIDR information")
		}
	}
	return out, nil
}

// sourceGroup resolves a UserIdGroupPair to a group ID. Only IDs work
// outside a default VPC.
func (st *state) sourceGroup(pair *ec2.UserIdGroupPair) (string, error) {
	g, err := st.group(pair.GroupId, pair.GroupName)
	if err != nil {
		return "", err
	}
	return g.id, nil
}

// legacy turns the older flat parameters (IpProtocol, FromPort, ToPort,
// CidrIp, SourceSecurityGroupName) into an IpPermission.
func legacy(proto, cidr, srcName *string, from, to *int64) []*ec2.IpPermission {
	if proto == nil && cidr == nil && srcName == nil {
		return nil
	}
	p := &ec2.IpPermission{IpProtocol: proto, FromPort: from, ToPort: to}
	if proto == nil {
		p.IpProtocol = aws.String("-1")
	}
	if cidr != nil {
		p.IpRanges = []*ec2.IpRange{{CidrIp: cidr}}
	}
	if srcName != nil {
		p.UserIdGroupPairs = []*ec2.UserIdGroupPair{{GroupName: srcName}}
	}
	return []*ec2.IpPermission{p}
}

// permissions groups rules back into IpPermissions by protocol and ports,
// in the order the rules were added.
func (st *state) permissions(rules []*sgRule) []*ec2.IpPermission {
	out := []*ec2.IpPermission{}
	index := map[string]*ec2.IpPermission{}
	for _, r := range rules {
		k := fmt.Sprintf("%s|%d|%d", r.proto, r.from, r.to)
		p := index[k]
		if p == nil {
			p = &ec2.IpPermission{IpProtocol: aws.String(r.proto), IpRanges: []*ec2.IpRange{}, Ipv6Ranges: []*ec2.Ipv6Range{},
				PrefixListIds: []*ec2.PrefixListId{}, UserIdGroupPairs: []*ec2.UserIdGroupPair{}}
			if hasPorts(r.proto) {
				p.FromPort, p.ToPort = aws.Int64(r.from), aws.Int64(r.to)
			}
			index[k] = p
			out = append(out, p)
		}
		desc := optional(r.desc)
		switch {
		case r.cidr != "":
			p.IpRanges = append(p.IpRanges, &ec2.IpRange{CidrIp: aws.String(r.cidr), Description: desc})
		case r.cidr6 != "":
			p.Ipv6Ranges = append(p.Ipv6Ranges, &ec2.Ipv6Range{CidrIpv6: aws.String(r.cidr6), Description: desc})
		case r.prefixList != "":
			p.PrefixListIds = append(p.PrefixListIds, &ec2.PrefixListId{PrefixListId: aws.String(r.prefixList), Description: desc})
		default:
			p.UserIdGroupPairs = append(p.UserIdGroupPairs, &ec2.UserIdGroupPair{GroupId: aws.String(r.source), UserId: aws.String(core.AccountID), Description: desc})
		}
	}
	return out
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}

func (st *state) renderRule(r *sgRule) *ec2.SecurityGroupRule {
	out := &ec2.SecurityGroupRule{
		SecurityGroupRuleId: aws.String(r.id),
		GroupId:             aws.String(r.groupID),
		GroupOwnerId:        aws.String(core.AccountID),
		IsEgress:            aws.Bool(r.egress),
		IpProtocol:          aws.String(r.proto),
		FromPort:            aws.Int64(r.from),
		ToPort:              aws.Int64(r.to),
		CidrIpv4:            optional(r.cidr),
		CidrIpv6:            optional(r.cidr6),
		PrefixListId:        optional(r.prefixList),
		Description:         optional(r.desc),
		Tags:                st.tagList(r.id),
	}
	if r.source != "" {
		out.ReferencedGroupInfo = &ec2.ReferencedSecurityGroup{GroupId: aws.String(r.source), UserId: aws.String(core.AccountID)}
	}
	return out
}

func (st *state) findRule(id string) (*securityGroup, *sgRule) {
	for _, g := range st.groups {
		for _, r := range g.rules {
			if r.id == id {
				return g, r
			}
		}
	}
	return nil, nil
}
