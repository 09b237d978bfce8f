package desired

import (
	"fmt"

	"github.com/everruns/reconciler/pkg/desired/names"
)

func sgAddr(name string) Address { return Address("network.security_group." + name) }

func (x *expander) securityGroups() {
	for _, name := range sortedKeys(x.env.SecurityGroups) {
		g := x.env.SecurityGroups[name]
		a := sgAddr(name)
		deps := []Address{addrVPC}
		seen := map[string]bool{}
		for _, r := range append(append([]Rule(nil), g.Ingress...), g.Egress...) {
			if r.Group != "" && r.Group != name && !seen[r.Group] {
				seen[r.Group] = true
				deps = append(deps, sgAddr(r.Group))
			}
		}
		egress := Set{map[string]any{names.Rule.Protocol: "-1", names.Rule.CIDR: "0.0.0.0/0"}} // AWS's default rule
		if g.Egress != nil {
			egress = x.rules(name, g.Egress)
		}
		x.add(a, names.KindSecurityGroup, x.nameFor(a), map[string]any{
			names.SecurityGroup.VPCID:       ref(addrVPC),
			names.SecurityGroup.GroupName:   fmt.Sprintf("everruns-%s-%s", x.env.Name, name),
			names.SecurityGroup.Description: g.Description,
			names.SecurityGroup.Ingress:     x.rules(name, g.Ingress),
			names.SecurityGroup.Egress:      egress,
		}, deps, map[string]string{
			names.SecurityGroup.VPCID:       "a security group cannot move to another VPC",
			names.SecurityGroup.GroupName:   "a security group's name cannot be changed",
			names.SecurityGroup.Description: "a security group's description cannot be changed",
		})
	}
}

// rules renders rules in the vocabulary of docs/resources.md. A rule that
// names its own group becomes self: true, which avoids a reference cycle.
func (x *expander) rules(self string, rules []Rule) Set {
	out := Set{}
	for _, r := range rules {
		m := map[string]any{}
		switch r.Protocol {
		case "all", "-1":
			m[names.Rule.Protocol] = "-1"
		case "icmp":
			m[names.Rule.Protocol], m[names.Rule.FromPort], m[names.Rule.ToPort] = "icmp", int64(-1), int64(-1) // every type and code
		default:
			from, to := r.FromPort, r.ToPort
			if r.Port != 0 {
				from, to = r.Port, r.Port
			}
			m[names.Rule.Protocol], m[names.Rule.FromPort], m[names.Rule.ToPort] = r.Protocol, int64(from), int64(to)
		}
		switch {
		case r.CIDR != "":
			m[names.Rule.CIDR] = r.CIDR
		case r.Self || r.Group == self:
			m[names.Rule.Self] = true
		default:
			m[names.Rule.SourceSecurityGroup] = ref(sgAddr(r.Group))
		}
		if r.Description != "" {
			m[names.Rule.Description] = r.Description
		}
		out = append(out, m)
	}
	return out
}
