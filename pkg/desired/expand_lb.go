package desired

const addrALB = Address("loadbalancer.alb")

func tgAddr(name string) Address { return Address("loadbalancer.target_group." + name) }

func (x *expander) loadBalancer() {
	lb := x.env.LoadBalancer
	if lb == nil {
		return
	}
	subnets, deps := Set{}, []Address{}
	for _, s := range x.env.Network.PublicSubnets {
		a := subnetAddr("public", s.Zone)
		subnets, deps = append(subnets, ref(a)), append(deps, a)
	}
	groups, groupDeps := groupRefs(lb.SecurityGroups)
	scheme := "internet-facing"
	if lb.Internal {
		scheme = "internal"
	}
	x.add(addrALB, "elbv2.load_balancer", lb.Name, map[string]any{
		"name":                lb.Name,
		"scheme":              scheme,
		"type":                "application",
		"subnets":             subnets,
		"security_groups":     groups,
		"deletion_protection": *lb.DeletionProtection,
		"idle_timeout":        int64(lb.IdleTimeoutSeconds),
	}, append(append(deps, groupDeps...), addrIGW), map[string]string{
		"name":   "a load balancer cannot be renamed",
		"scheme": "a load balancer's scheme cannot be changed",
		"type":   "a load balancer's type cannot be changed",
	})
	for _, k := range sortedKeys(lb.TargetGroups) {
		x.targetGroup(k, lb.TargetGroups[k])
	}
	x.listeners(lb)
	for _, k := range sortedKeys(lb.Rules) {
		x.rule(lb, k, lb.Rules[k])
	}
}

func (x *expander) targetGroup(k string, tg TargetGroup) {
	hc := tg.HealthCheck
	x.add(tgAddr(k), "elbv2.target_group", tg.Name, map[string]any{
		"name":        tg.Name,
		"protocol":    tg.Protocol,
		"port":        int64(tg.Port),
		"target_type": "ip", // Fargate tasks register by IP
		"vpc_id":      ref(addrVPC),
		"health_check": map[string]any{
			"path":                hc.Path,
			"matcher":             hc.Matcher,
			"interval_seconds":    int64(hc.IntervalSeconds),
			"timeout_seconds":     int64(hc.TimeoutSeconds),
			"healthy_threshold":   int64(hc.HealthyThreshold),
			"unhealthy_threshold": int64(hc.UnhealthyThreshold),
		},
		"deregistration_delay": int64(*tg.DeregistrationDelaySeconds),
	}, []Address{addrVPC}, map[string]string{
		"name":        "a target group cannot be renamed",
		"protocol":    "a target group's protocol cannot be changed",
		"port":        "a target group's port cannot be changed",
		"target_type": "a target group's target type cannot be changed",
		"vpc_id":      "a target group cannot move to another VPC",
	})
}

// listeners: the HTTPS listener depends on its certificate, and the engine
// waits for the certificate to be ready (ISSUED) before creating it
// (errata 9); everything else converges meanwhile.
func (x *expander) listeners(lb *LoadBalancer) {
	for _, l := range []struct {
		name, protocol string
		l              *Listener
	}{{"http", "HTTP", lb.Listeners.HTTP}, {"https", "HTTPS", lb.Listeners.HTTPS}} {
		if l.l == nil {
			continue
		}
		a := Address("loadbalancer.listener." + l.name)
		deps := []Address{addrALB}
		fields := map[string]any{
			"load_balancer_arn": ref(addrALB),
			"port":              int64(l.l.Port),
			"protocol":          l.protocol,
		}
		if l.l.RedirectToHTTPS {
			fields["default_action"] = map[string]any{"type": "redirect", "protocol": "HTTPS", "port": "443", "status_code": "HTTP_301"}
		} else {
			fields["default_action"] = map[string]any{"type": "forward", "target_group_arn": ref(tgAddr(l.l.DefaultTargetGroup))}
			deps = append(deps, tgAddr(l.l.DefaultTargetGroup))
		}
		if l.l.Certificate != "" {
			cert := Address("certificate." + l.l.Certificate)
			fields["certificate_arn"] = ref(cert)
			fields["ssl_policy"] = l.l.SSLPolicy
			deps = append(deps, cert)
		}
		x.add(a, "elbv2.listener", lb.Name+"-"+l.name, fields, deps, map[string]string{"load_balancer_arn": "a listener cannot move to another load balancer"})
	}
}

// ruleListener is the listener path rules attach to: HTTPS when present.
func ruleListener(lb *LoadBalancer) Address {
	if lb.Listeners.HTTPS != nil {
		return "loadbalancer.listener.https"
	}
	return "loadbalancer.listener.http"
}

func (x *expander) rule(lb *LoadBalancer, k string, r ListenerRule) {
	listener := ruleListener(lb)
	x.add(Address("loadbalancer.rule."+k), "elbv2.listener_rule", lb.Name+"-"+k, map[string]any{
		"listener_arn":  ref(listener),
		"priority":      int64(r.Priority),
		"path_patterns": toSet(r.Paths),
		"action":        map[string]any{"type": "forward", "target_group_arn": ref(tgAddr(r.TargetGroup))},
	}, []Address{listener, tgAddr(r.TargetGroup)}, map[string]string{"listener_arn": "a rule cannot move to another listener"})
}
