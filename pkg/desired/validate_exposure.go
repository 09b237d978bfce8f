package desired

import (
	"fmt"
	"slices"
)

// worldCIDRs are the sources that mean "the whole internet".
var worldCIDRs = []string{"0.0.0.0/0", "::/0"}

// exposure holds the rules about what the internet can reach: the groups
// of private resources admit no one from it, and an internet-facing
// listener does not hand an unauthenticated API to anyone.
func (v *validator) exposure() {
	v.privateGroups()
	v.anonymousAPI()
}

// privateGroups: a security group of the database, of a task or a service
// (all in private subnets) that is not also the load balancer's must not
// admit the whole internet. Only the load balancer faces it; a world-open
// rule on a private group is one route table change, or one
// publicly_accessible, away from exposing the database or an API port.
func (v *validator) privateGroups() {
	users := map[string]string{} // group → first private user, for the message
	note := func(groups []string, user string) {
		for _, g := range groups {
			if _, ok := users[g]; !ok {
				users[g] = user
			}
		}
	}
	if d := v.env.Database; d != nil {
		note(d.SecurityGroups, "the database")
	}
	for _, w := range v.workloads() {
		note(w.c.SecurityGroups, w.base)
	}
	if r := v.env.SelfHosted(); r != nil {
		note(r.SecurityGroups, "the reconciler")
	}
	if lb := v.env.LoadBalancer; lb != nil {
		for _, g := range lb.SecurityGroups {
			delete(users, g)
		}
	}
	for _, g := range sortedKeys(users) {
		for i, r := range v.env.SecurityGroups[g].Ingress {
			if slices.Contains(worldCIDRs, r.CIDR) {
				v.errorf(fmt.Sprintf("security_groups.%s.ingress[%d].cidr", g, i), "security group %s protects %s in private subnets, and this rule admits the whole internet (%s); admit the load balancer's group or the VPC's addresses instead", g, users[g], r.CIDR)
			}
		}
	}
}

// anonymousAPI: an internet-facing listener that forwards to an Everruns
// API on a port the load balancer's groups open to the world lets anyone
// run agents on the operator's model keys. The pinned builds read AUTH_MODE
// but guard only their user routes: no agent, session or provider handler
// takes the authenticated-user extractor (crates/everruns-api/src/auth/
// middleware.rs, used by users.rs alone), so AUTH_MODE does not close it.
// load_balancer.allow_anonymous_api: true says it is meant.
func (v *validator) anonymousAPI() {
	lb := v.env.LoadBalancer
	if lb == nil || lb.Internal || lb.AllowAnonymousAPI {
		return
	}
	apiTG := map[string]string{} // target group → API service key
	for _, w := range v.workloads() {
		if w.svc != nil && w.svc.TargetGroup != "" && isEverrunsAPI(w.c) {
			apiTG[w.svc.TargetGroup] = w.key
		}
	}
	if len(apiTG) == 0 {
		return
	}
	refuse := func(path string, port int, what, tg string) {
		open := v.worldOpen(lb, port)
		if open == "" {
			return
		}
		v.errorf(path, "%s sends requests from the internet to service %s, an Everruns API that checks no credentials on its agent and session routes whatever AUTH_MODE says, and %s admits the whole internet on port %d: restrict that rule to the addresses that may use the API, make the load balancer internal, or set load_balancer.allow_anonymous_api: true to say it is meant",
			what, apiTG[tg], open, port)
	}
	for _, l := range []struct {
		name string
		l    *Listener
	}{{"http", lb.Listeners.HTTP}, {"https", lb.Listeners.HTTPS}} {
		if l.l != nil && l.l.DefaultTargetGroup != "" && apiTG[l.l.DefaultTargetGroup] != "" {
			refuse("load_balancer.listeners."+l.name+".default_target_group", l.l.Port, "the "+l.name+" listener's default action", l.l.DefaultTargetGroup)
		}
	}
	// Rules sit on the HTTPS listener, or on HTTP when there is none.
	ruled := lb.Listeners.HTTPS
	if ruled == nil {
		ruled = lb.Listeners.HTTP
	}
	if ruled == nil {
		return
	}
	for _, k := range sortedKeys(lb.Rules) {
		r := lb.Rules[k]
		if apiTG[r.TargetGroup] == "" || !slices.ContainsFunc(r.Paths, func(p string) bool { return !apiUnprefixed(p) }) {
			continue // only the health check and the API's own documentation
		}
		refuse("load_balancer.rules."+k, ruled.Port, "rule "+k, r.TargetGroup)
	}
}

// worldOpen names the first ingress rule of the load balancer's groups that
// admits the whole internet on port, or "".
func (v *validator) worldOpen(lb *LoadBalancer, port int) string {
	for _, g := range lb.SecurityGroups {
		for i, r := range v.env.SecurityGroups[g].Ingress {
			if !slices.Contains(worldCIDRs, r.CIDR) {
				continue
			}
			covers := r.Protocol == "all" || r.Protocol == "-1" ||
				(r.Protocol == "tcp" && (r.Port == port || (r.Port == 0 && r.FromPort <= port && port <= r.ToPort)))
			if covers {
				return fmt.Sprintf("security_groups.%s.ingress[%d] (%s)", g, i, r.CIDR)
			}
		}
	}
	return ""
}
