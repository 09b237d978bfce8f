package desired

import (
	"regexp"
	"strings"
)

// elbName: ALB and target group names, ≤ 32 alphanumerics and hyphens, not
// starting or ending with a hyphen (and an ALB's not starting "internal-").
var elbName = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,30}[A-Za-z0-9])?$`)

func (v *validator) loadBalancer() {
	lb := v.env.LoadBalancer
	if lb == nil {
		return
	}
	const p = "load_balancer."
	if !elbName.MatchString(lb.Name) || strings.HasPrefix(lb.Name, "internal-") {
		v.errorf(p+"name", "load balancer name %q: at most 32 letters, digits and hyphens, not starting or ending with a hyphen", lb.Name)
	}
	if lb.IdleTimeoutSeconds < 1 || lb.IdleTimeoutSeconds > 4000 {
		v.errorf(p+"idle_timeout_seconds", "idle_timeout_seconds %d: use 1–4000", lb.IdleTimeoutSeconds)
	}
	v.groupRefs(p+"security_groups", lb.SecurityGroups)
	if len(zonesOf(v.env.Network.PublicSubnets)) < 2 {
		v.errorf("network.public_subnets", "an application load balancer needs public subnets in at least two zones")
	}
	v.listeners(lb)
	for k, tg := range lb.TargetGroups {
		v.targetGroup(p+"target_groups."+k, tg)
	}
	v.rules(lb)
}

func (v *validator) listeners(lb *LoadBalancer) {
	const p = "load_balancer.listeners."
	l := lb.Listeners
	if l.HTTP == nil && l.HTTPS == nil {
		v.errorf("load_balancer.listeners", "a load balancer needs an http or https listener")
	}
	if h := l.HTTP; h != nil {
		v.port(p+"http.port", h.Port)
		if h.Certificate != "" {
			v.errorf(p+"http.certificate", "an http listener takes no certificate")
		}
		if h.RedirectToHTTPS && l.HTTPS == nil {
			v.errorf(p+"http.redirect_to_https", "redirect_to_https needs an https listener")
		}
		v.defaultAction(p+"http", h)
	}
	if h := l.HTTPS; h != nil {
		v.port(p+"https.port", h.Port)
		if h.RedirectToHTTPS {
			v.errorf(p+"https.redirect_to_https", "an https listener cannot redirect to itself")
		}
		if h.Certificate == "" {
			// Errata 9: no HTTPS listener without a certificate.
			v.errorf(p+"https", "an https listener requires a certificate (key under certificates:)")
		} else if _, ok := v.env.Certificates[h.Certificate]; !ok {
			v.errorf(p+"https.certificate", "certificate %q is not declared under certificates", h.Certificate)
		}
		v.defaultAction(p+"https", h)
	}
	if l.HTTP != nil && l.HTTPS != nil && l.HTTP.Port == l.HTTPS.Port {
		v.errorf(p+"https.port", "the http and https listeners both use port %d", l.HTTP.Port)
	}
}

func (v *validator) defaultAction(path string, l *Listener) {
	switch {
	case l.RedirectToHTTPS && l.DefaultTargetGroup != "":
		v.errorf(path, "choose redirect_to_https or default_target_group, not both")
	case !l.RedirectToHTTPS && l.DefaultTargetGroup == "":
		v.errorf(path, "a listener needs redirect_to_https or default_target_group")
	case l.DefaultTargetGroup != "":
		v.targetGroupRef(path+".default_target_group", l.DefaultTargetGroup)
	}
}

func (v *validator) targetGroupRef(path, name string) {
	if _, ok := v.env.LoadBalancer.TargetGroups[name]; !ok {
		v.errorf(path, "target group %q is not declared under load_balancer.target_groups", name)
	}
}

func (v *validator) targetGroup(path string, tg TargetGroup) {
	if !elbName.MatchString(tg.Name) {
		v.errorf(path+".name", "target group name %q: at most 32 letters, digits and hyphens, not starting or ending with a hyphen", tg.Name)
	}
	v.port(path+".port", tg.Port)
	if tg.Protocol != "HTTP" && tg.Protocol != "HTTPS" {
		v.errorf(path+".protocol", "protocol %q: use HTTP or HTTPS", tg.Protocol)
	}
	hc := tg.HealthCheck
	if !strings.HasPrefix(hc.Path, "/") {
		v.errorf(path+".health_check.path", "health check path %q must start with /", hc.Path)
	}
	if hc.IntervalSeconds < 5 || hc.IntervalSeconds > 300 || hc.TimeoutSeconds < 2 || hc.TimeoutSeconds > 120 || hc.TimeoutSeconds >= hc.IntervalSeconds {
		v.errorf(path+".health_check", "health check interval must be 5–300 s and timeout 2–120 s, shorter than the interval")
	}
	if hc.HealthyThreshold < 2 || hc.HealthyThreshold > 10 || hc.UnhealthyThreshold < 2 || hc.UnhealthyThreshold > 10 {
		v.errorf(path+".health_check", "health check thresholds must be 2–10")
	}
	if d := *tg.DeregistrationDelaySeconds; d < 0 || d > 3600 {
		v.errorf(path+".deregistration_delay_seconds", "deregistration_delay_seconds %d: use 0–3600", d)
	}
}

func (v *validator) rules(lb *LoadBalancer) {
	byPriority := map[int]string{}
	for k, r := range lb.Rules {
		path := "load_balancer.rules." + k
		v.shortName(path, k)
		if r.Priority < 1 || r.Priority > 50000 {
			v.errorf(path+".priority", "priority %d is outside 1–50000", r.Priority)
		} else if other, dup := byPriority[r.Priority]; dup {
			a, b := sortedPair(k, other)
			v.errorf("load_balancer.rules."+b+".priority", "priority %d is used by rules %s and %s; priorities must be unique", r.Priority, a, b)
		}
		byPriority[r.Priority] = k
		if len(r.Paths) == 0 || len(r.Paths) > 5 {
			v.errorf(path+".paths", "a rule takes 1–5 path patterns")
		}
		for i, pat := range r.Paths {
			if !strings.HasPrefix(pat, "/") || len(pat) > 128 {
				v.errorf(path+".paths["+itoa(i)+"]", "path pattern %q must start with / and be at most 128 characters", pat)
			}
		}
		v.targetGroupRef(path+".target_group", r.TargetGroup)
	}
}

func sortedPair(a, b string) (string, string) {
	if a < b {
		return a, b
	}
	return b, a
}
