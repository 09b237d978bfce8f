package ec2

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
)

var ruleF = names.Rule

// ruleText shows a rule in messages: its protocol and ports, never more.
func ruleText(rule map[string]any) string {
	return fmt.Sprintf("%v %v-%v", rule[ruleF.Protocol], rule[ruleF.FromPort], rule[ruleF.ToPort])
}

// protocolNames undoes AWS's numeric spelling of the protocols the file
// names, so "6" and "tcp" are one rule.
var protocolNames = map[string]string{"6": "tcp", "17": "udp", "1": "icmp", "all": "-1"}

// permissionToRules flattens one IpPermission into the vocabulary's rules,
// one per source: AWS groups sources by protocol and ports, the file lists
// rules. A pair naming the group itself is `self: true` (docs/resources.md).
func permissionToRules(p types.IpPermission, groupID string) []any {
	base := map[string]any{}
	proto := aws.ToString(p.IpProtocol)
	if n, ok := protocolNames[proto]; ok {
		proto = n
	}
	base[ruleF.Protocol] = proto
	if proto != "-1" { // all traffic has no ports, whatever AWS echoes
		if p.FromPort != nil {
			base[ruleF.FromPort] = int64(*p.FromPort)
		}
		if p.ToPort != nil {
			base[ruleF.ToPort] = int64(*p.ToPort)
		}
	}
	var out []any
	add := func(key string, val any, desc *string) {
		r := make(map[string]any, len(base)+2)
		for k, v := range base {
			r[k] = v
		}
		r[key] = val
		if d := aws.ToString(desc); d != "" {
			r[ruleF.Description] = d
		}
		out = append(out, r)
	}
	for _, ip := range p.IpRanges {
		add(ruleF.CIDR, aws.ToString(ip.CidrIp), ip.Description)
	}
	// IPv6 and prefix-list sources are outside the file's vocabulary, but are
	// reported so that a rule added by hand shows as drift and is revoked.
	for _, ip := range p.Ipv6Ranges {
		add(ruleF.CIDR, aws.ToString(ip.CidrIpv6), ip.Description)
	}
	for _, pl := range p.PrefixListIds {
		add("prefix_list_id", aws.ToString(pl.PrefixListId), pl.Description)
	}
	for _, g := range p.UserIdGroupPairs {
		if aws.ToString(g.GroupId) == groupID {
			add(ruleF.Self, true, g.Description)
		} else {
			add(ruleF.SourceSecurityGroup, aws.ToString(g.GroupId), g.Description)
		}
	}
	return out
}

// rulesOf is the observed `ingress` or `egress` field of a group.
func rulesOf(perms []types.IpPermission, groupID string) desired.Set {
	s := desired.Set{}
	for _, p := range perms {
		s = append(s, permissionToRules(p, groupID)...)
	}
	return s
}

// ruleToPermission is the IpPermission that authorizes or revokes one rule
// of the vocabulary; self becomes a pair naming groupID.
func ruleToPermission(elem any, groupID string) (types.IpPermission, error) {
	rule, ok := elem.(map[string]any)
	if !ok {
		return types.IpPermission{}, badInput("rule: want a map, got %T", elem)
	}
	proto, err := kit.String(rule, ruleF.Protocol)
	if err != nil {
		return types.IpPermission{}, err
	}
	desc, err := kit.String(rule, ruleF.Description)
	if err != nil {
		return types.IpPermission{}, err
	}
	p := types.IpPermission{IpProtocol: aws.String(proto)}
	if proto != "-1" {
		if p.FromPort, err = port(rule, ruleF.FromPort); err != nil {
			return p, err
		}
		if p.ToPort, err = port(rule, ruleF.ToPort); err != nil {
			return p, err
		}
	}
	d := nonEmpty(desc)
	switch {
	case rule[ruleF.CIDR] != nil:
		cidr, err := kit.String(rule, ruleF.CIDR)
		if err != nil {
			return p, err
		}
		if strings.Contains(cidr, ":") {
			p.Ipv6Ranges = []types.Ipv6Range{{CidrIpv6: aws.String(cidr), Description: d}}
		} else {
			p.IpRanges = []types.IpRange{{CidrIp: aws.String(cidr), Description: d}}
		}
	case rule[ruleF.SourceSecurityGroup] != nil:
		g, err := kit.String(rule, ruleF.SourceSecurityGroup)
		if err != nil {
			return p, err
		}
		p.UserIdGroupPairs = []types.UserIdGroupPair{{GroupId: aws.String(g), Description: d}}
	case rule[ruleF.Self] == true:
		p.UserIdGroupPairs = []types.UserIdGroupPair{{GroupId: aws.String(groupID), Description: d}}
	case rule["prefix_list_id"] != nil:
		pl, err := kit.String(rule, "prefix_list_id")
		if err != nil {
			return p, err
		}
		p.PrefixListIds = []types.PrefixListId{{PrefixListId: aws.String(pl), Description: d}}
	default:
		return p, badInput("rule %s: no source (cidr, source_security_group or self)", ruleText(rule))
	}
	return p, nil
}

// permissions converts a list of rules, one IpPermission each: AWS takes
// them all in one Authorize or Revoke call.
func permissions(rules []any, groupID string) ([]types.IpPermission, error) {
	out := make([]types.IpPermission, 0, len(rules))
	for _, r := range rules {
		p, err := ruleToPermission(r, groupID)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func port(rule map[string]any, key string) (*int32, error) {
	switch v := rule[key].(type) {
	case int64:
		return aws.Int32(int32(v)), nil
	case int:
		return aws.Int32(int32(v)), nil
	case float64: // a rule that went through JSON
		return aws.Int32(int32(v)), nil
	case nil:
		return nil, badInput("rule %s: %s is required unless protocol is \"-1\"", ruleText(rule), key)
	default:
		return nil, badInput("rule %s: %s: want an integer, got %T", ruleText(rule), key, v)
	}
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return aws.String(s)
}
