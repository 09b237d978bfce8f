package desired

import (
	"fmt"
	"regexp"
)

var shortName = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$`)

// securityGroups checks each rule: a known protocol, valid ports, exactly
// one source, and sources that resolve.
func (v *validator) securityGroups() {
	for name, g := range v.env.SecurityGroups {
		base := "security_groups." + name
		v.shortName(base, name)
		if len(g.Description) > 255 {
			v.errorf(base+".description", "description is longer than 255 characters")
		}
		for dir, rules := range map[string][]Rule{"ingress": g.Ingress, "egress": g.Egress} {
			for i, r := range rules {
				v.rule(fmt.Sprintf("%s.%s[%d]", base, dir, i), r)
			}
		}
	}
}

// shortName checks a key used in addresses and AWS names.
func (v *validator) shortName(path, name string) {
	if !shortName.MatchString(name) {
		v.errorf(path, "name %q: use 1–32 lower-case letters, digits and hyphens, not starting or ending with a hyphen", name)
	}
}

func (v *validator) rule(path string, r Rule) {
	sources := 0
	if r.CIDR != "" {
		sources++
		v.cidr(path+".cidr", r.CIDR)
	}
	if r.Group != "" {
		sources++
		if _, ok := v.env.SecurityGroups[r.Group]; !ok {
			v.errorf(path+".group", "security group %q is not declared under security_groups", r.Group)
		}
	}
	if r.Self {
		sources++
	}
	if sources != 1 {
		v.errorf(path, "a rule needs exactly one of cidr, group or self (found %d)", sources)
	}
	switch r.Protocol {
	case "all", "-1":
		if r.Port != 0 || r.FromPort != 0 || r.ToPort != 0 {
			v.errorf(path, "protocol %s covers every port; remove the ports", r.Protocol)
		}
	case "tcp", "udp":
		v.ruleRange(path, r)
	case "icmp":
	default:
		v.errorf(path+".protocol", "protocol %q: use tcp, udp, icmp or all", r.Protocol)
	}
}

func (v *validator) ruleRange(path string, r Rule) {
	if r.Port != 0 {
		if r.FromPort != 0 || r.ToPort != 0 {
			v.errorf(path, "use either port or from_port/to_port, not both")
		}
		v.port(path+".port", r.Port)
		return
	}
	if r.FromPort == 0 && r.ToPort == 0 {
		v.errorf(path, "%s rule needs port or from_port/to_port", r.Protocol)
		return
	}
	v.port(path+".from_port", r.FromPort)
	v.port(path+".to_port", r.ToPort)
	if r.FromPort > r.ToPort {
		v.errorf(path+".to_port", "to_port %d is below from_port %d", r.ToPort, r.FromPort)
	}
}

func (v *validator) port(path string, p int) {
	if p < 1 || p > 65535 {
		v.errorf(path, "port %d is outside 1–65535", p)
	}
}
