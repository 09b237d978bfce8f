package desired

import "github.com/everruns/reconciler/pkg/desired/names"

func (x *expander) services() {
	for _, k := range sortedKeys(x.env.Services) {
		s := x.env.Services[k]
		a := Address("service." + k)
		td := x.taskDefinition(a, k, s.Name, s.Container, s.Port, s.HealthCheck, clusterRoles)
		deps := []Address{addrCluster, td}
		for _, g := range s.SecurityGroups {
			deps = append(deps, sgAddr(g))
		}
		f := names.Service
		fields := map[string]any{
			f.ServiceName:       s.Name,
			f.Cluster:           Ref{Address: addrCluster, Attr: "arn"},
			f.TaskDefinition:    Ref{Address: td, Attr: "arn"},
			f.DesiredCount:      int64(*s.DesiredCount),
			f.LaunchType:        "FARGATE",
			f.Network:           x.networkConfig(s.Container),
			f.LoadBalancers:     []any{},
			f.ServiceRegistries: []any{},
			f.Deployment:        deploymentFields(s.Deployment),
		}
		if s.TargetGroup != "" {
			tg := tgAddr(s.TargetGroup)
			lb := names.LoadBalancerBinding
			fields[f.LoadBalancers] = []any{map[string]any{lb.TargetGroupARN: ref(tg), lb.ContainerName: k, lb.ContainerPort: int64(s.Port)}}
			// ECS refuses a target group no listener uses yet.
			deps = append(deps, tg)
			deps = append(deps, x.listenersUsing(s.TargetGroup)...)
		}
		if s.Discovery != "" {
			disc := a + ".discovery"
			x.discovery(disc, s.Discovery)
			fields[f.ServiceRegistries] = []any{map[string]any{names.ServiceRegistry.RegistryARN: Ref{Address: disc, Attr: "arn"}}}
			deps = append(deps, disc)
		}
		deps = append(deps, x.afterDeps(s.After)...)
		x.add(a, names.KindService, s.Name, fields, deps, map[string]string{
			f.ServiceName: "an ECS service cannot be renamed",
			f.Cluster:     "an ECS service cannot move to another cluster",
			f.LaunchType:  "an ECS service's launch type cannot be changed",
		})
	}
}

func deploymentFields(d Deployment) map[string]any {
	n := names.ServiceDeployment
	return map[string]any{
		n.CircuitBreaker:        *d.CircuitBreaker,
		n.Rollback:              *d.Rollback,
		n.MinimumHealthyPercent: int64(*d.MinimumHealthyPercent),
		n.MaximumPercent:        int64(*d.MaximumPercent),
	}
}

// listenersUsing lists the listener and rules that forward to a target group.
func (x *expander) listenersUsing(tg string) []Address {
	lb := x.env.LoadBalancer
	var out []Address
	if l := lb.Listeners.HTTPS; l != nil && l.DefaultTargetGroup == tg {
		out = append(out, "loadbalancer.listener.https")
	}
	if l := lb.Listeners.HTTP; l != nil && l.DefaultTargetGroup == tg {
		out = append(out, "loadbalancer.listener.http")
	}
	for _, k := range sortedKeys(lb.Rules) {
		if lb.Rules[k].TargetGroup == tg {
			out = append(out, Address("loadbalancer.rule."+k))
		}
	}
	return out
}

func (x *expander) discovery(a Address, name string) {
	d := names.DiscoveryService
	x.add(a, names.KindDiscoveryService, name, map[string]any{
		d.Name:             name,
		d.NamespaceID:      ref(addrNamespace),
		d.DNSRecords:       []any{map[string]any{names.DNSRecord.Type: "A", names.DNSRecord.TTL: int64(10)}},
		d.RoutingPolicy:    "MULTIVALUE",
		d.FailureThreshold: int64(1),
	}, []Address{addrNamespace}, map[string]string{
		d.Name:          "a Cloud Map service cannot be renamed",
		d.NamespaceID:   "a Cloud Map service cannot move to another namespace",
		d.RoutingPolicy: "a Cloud Map service's routing policy cannot be changed",
		// Cloud Map no longer takes the threshold: it is always 1.
		d.FailureThreshold: "a Cloud Map service's failure threshold cannot be changed",
	})
}

// tasks: task.<key> is a one-off run. Its adapter finds the run by tag; it
// is in sync when a run of the current task definition revision stopped
// with exit code 0, and runs it again when the definition changes.
func (x *expander) tasks() {
	for _, k := range sortedKeys(x.env.Tasks) {
		t := x.env.Tasks[k]
		a := Address("task." + k)
		td := x.taskDefinition(a, k, t.Name, t.Container, 0, nil, clusterRoles)
		deps := []Address{addrCluster, td}
		for _, g := range t.SecurityGroups {
			deps = append(deps, sgAddr(g))
		}
		if x.env.Database != nil {
			deps = append(deps, addrDB, secretAddr(x.env.Database.CredentialsSecret)+".value")
		}
		deps = append(deps, x.afterDeps(t.After)...)
		f := names.RunTask
		x.add(a, names.KindRunTask, t.Name, map[string]any{
			f.Cluster:        Ref{Address: addrCluster, Attr: "arn"},
			f.TaskDefinition: Ref{Address: td, Attr: "arn"},
			f.LaunchType:     "FARGATE",
			f.Network:        x.networkConfig(t.Container),
		}, deps, nil)
	}
}
