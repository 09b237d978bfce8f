package desired

import "fmt"

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
		egress := Set{map[string]any{"protocol": "-1", "cidr": "0.0.0.0/0"}} // AWS's default rule
		if g.Egress != nil {
			egress = x.rules(name, g.Egress)
		}
		x.add(a, "ec2.security_group", x.nameFor(a), map[string]any{
			"vpc_id":      ref(addrVPC),
			"group_name":  fmt.Sprintf("everruns-%s-%s", x.env.Name, name),
			"description": g.Description,
			"ingress":     x.rules(name, g.Ingress),
			"egress":      egress,
		}, deps, map[string]string{
			"vpc_id":      "a security group cannot move to another VPC",
			"group_name":  "a security group's name cannot be changed",
			"description": "a security group's description cannot be changed",
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
			m["protocol"] = "-1"
		case "icmp":
			m["protocol"], m["from_port"], m["to_port"] = "icmp", int64(-1), int64(-1) // every type and code
		default:
			from, to := r.FromPort, r.ToPort
			if r.Port != 0 {
				from, to = r.Port, r.Port
			}
			m["protocol"], m["from_port"], m["to_port"] = r.Protocol, int64(from), int64(to)
		}
		switch {
		case r.CIDR != "":
			m["cidr"] = r.CIDR
		case r.Self || r.Group == self:
			m["self"] = true
		default:
			m["source_security_group"] = ref(sgAddr(r.Group))
		}
		if r.Description != "" {
			m["description"] = r.Description
		}
		out = append(out, m)
	}
	return out
}
