package desired

import "github.com/everruns/reconciler/pkg/desired/names"

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
	f := names.LoadBalancer
	x.add(addrALB, names.KindLoadBalancer, lb.Name, map[string]any{
		f.Name:               lb.Name,
		f.Scheme:             scheme,
		f.Type:               "application",
		f.Subnets:            subnets,
		f.SecurityGroups:     groups,
		f.DeletionProtection: *lb.DeletionProtection,
		f.IdleTimeout:        int64(lb.IdleTimeoutSeconds),
	}, append(append(deps, groupDeps...), addrIGW), map[string]string{
		f.Name:   "a load balancer cannot be renamed",
		f.Scheme: "a load balancer's scheme cannot be changed",
		f.Type:   "a load balancer's type cannot be changed",
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
	hc, f, h := tg.HealthCheck, names.TargetGroup, names.HealthCheck
	x.add(tgAddr(k), names.KindTargetGroup, tg.Name, map[string]any{
		f.Name:       tg.Name,
		f.Protocol:   tg.Protocol,
		f.Port:       int64(tg.Port),
		f.TargetType: "ip", // Fargate tasks register by IP
		f.VPCID:      ref(addrVPC),
		f.HealthCheck: map[string]any{
			h.Path:               hc.Path,
			h.Matcher:            hc.Matcher,
			h.IntervalSeconds:    int64(hc.IntervalSeconds),
			h.TimeoutSeconds:     int64(hc.TimeoutSeconds),
			h.HealthyThreshold:   int64(hc.HealthyThreshold),
			h.UnhealthyThreshold: int64(hc.UnhealthyThreshold),
		},
		f.DeregistrationDelay: int64(*tg.DeregistrationDelaySeconds),
	}, []Address{addrVPC}, map[string]string{
		f.Name:       "a target group cannot be renamed",
		f.Protocol:   "a target group's protocol cannot be changed",
		f.Port:       "a target group's port cannot be changed",
		f.TargetType: "a target group's target type cannot be changed",
		f.VPCID:      "a target group cannot move to another VPC",
	})
}

// listeners: the HTTPS listener depends on its certificate, and the engine
// waits for the certificate to be ready (ISSUED) before creating it
// (errata 9); everything else converges meanwhile.
func (x *expander) listeners(lb *LoadBalancer) {
	f, a := names.Listener, names.Action
	for _, l := range []struct {
		name, protocol string
		l              *Listener
	}{{"http", "HTTP", lb.Listeners.HTTP}, {"https", "HTTPS", lb.Listeners.HTTPS}} {
		if l.l == nil {
			continue
		}
		addr := Address("loadbalancer.listener." + l.name)
		deps := []Address{addrALB}
		fields := map[string]any{
			f.LoadBalancerARN: ref(addrALB),
			f.Port:            int64(l.l.Port),
			f.Protocol:        l.protocol,
		}
		if l.l.RedirectToHTTPS {
			fields[f.DefaultAction] = map[string]any{a.Type: "redirect", a.Protocol: "HTTPS", a.Port: "443", a.StatusCode: "HTTP_301"}
		} else {
			fields[f.DefaultAction] = map[string]any{a.Type: "forward", a.TargetGroupARN: ref(tgAddr(l.l.DefaultTargetGroup))}
			deps = append(deps, tgAddr(l.l.DefaultTargetGroup))
		}
		if l.l.Certificate != "" {
			cert := Address("certificate." + l.l.Certificate)
			fields[f.CertificateARN] = ref(cert)
			fields[f.SSLPolicy] = l.l.SSLPolicy
			deps = append(deps, cert)
		}
		x.add(addr, names.KindListener, lb.Name+"-"+l.name, fields, deps, map[string]string{f.LoadBalancerARN: "a listener cannot move to another load balancer"})
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
	listener, f, a := ruleListener(lb), names.ListenerRule, names.Action
	x.add(Address("loadbalancer.rule."+k), names.KindListenerRule, lb.Name+"-"+k, map[string]any{
		f.ListenerARN:  ref(listener),
		f.Priority:     int64(r.Priority),
		f.PathPatterns: toSet(r.Paths),
		f.Action:       map[string]any{a.Type: "forward", a.TargetGroupARN: ref(tgAddr(r.TargetGroup))},
	}, []Address{listener, tgAddr(r.TargetGroup)}, map[string]string{f.ListenerARN: "a rule cannot move to another listener"})
}
