package desired

import (
	"fmt"

	"github.com/everruns/reconciler/pkg/desired/names"
)

// Addresses of the reconciler's own resources. Its role is with the
// cluster's roles; the rest under reconciler., so that --target
// reconciler selects it whole.
const (
	AddrReconcilerRole    = Address("cluster.role.reconciler")
	addrReconcilerExec    = Address("cluster.role.reconciler-execution")
	AddrReconcilerService = Address("reconciler.service")
	addrReconcilerTG      = Address("reconciler.target_group")
	addrReconcilerRule    = Address("reconciler.rule")

	reconcilerServiceName = "everruns-reconciler"
)

func (e *Environment) reconcilerTargetGroupName() string {
	return fmt.Sprintf("everruns-%s-%s", e.Name, reconcilerKey)
}

// reconciler expands the reconciler's own service: its role, task
// definition, service and, with a webhook path, the load balancer's route
// to it.
func (x *expander) reconciler() {
	r := x.env.SelfHosted()
	if r == nil {
		return
	}
	c := r.container()
	x.reconcilerRoles(r, c)
	td := x.taskDefinition("reconciler", reconcilerKey, reconcilerServiceName, c, ReconcilerPort, nil,
		taskRoles{execution: addrReconcilerExec, task: AddrReconcilerRole})
	deps := []Address{addrCluster, td}
	for _, g := range c.SecurityGroups {
		deps = append(deps, sgAddr(g))
	}
	f := names.Service
	fields := map[string]any{
		f.ServiceName:       reconcilerServiceName,
		f.Cluster:           Ref{Address: addrCluster, Attr: "arn"},
		f.TaskDefinition:    Ref{Address: td, Attr: "arn"},
		f.DesiredCount:      int64(*r.DesiredCount),
		f.LaunchType:        "FARGATE",
		f.Network:           x.networkConfig(c),
		f.LoadBalancers:     []any{},
		f.ServiceRegistries: []any{},
		f.Deployment:        deploymentFields(reconcilerDeployment()),
	}
	if r.WebhookPath != "" {
		x.webhookRoute(r)
		lb := names.LoadBalancerBinding
		fields[f.LoadBalancers] = []any{map[string]any{lb.TargetGroupARN: ref(addrReconcilerTG), lb.ContainerName: reconcilerKey, lb.ContainerPort: int64(ReconcilerPort)}}
		// ECS refuses a target group no listener uses yet.
		deps = append(deps, addrReconcilerTG, addrReconcilerRule)
	}
	x.add(AddrReconcilerService, names.KindService, reconcilerServiceName, fields, deps, map[string]string{
		f.ServiceName: "an ECS service cannot be renamed",
		f.Cluster:     "an ECS service cannot move to another cluster",
		f.LaunchType:  "an ECS service's launch type cannot be changed",
	})
}

// reconcilerDeployment is forced, whatever the file says elsewhere: a new
// task must be running before the old one stops (100/200), and a revision
// that cannot run trips the circuit breaker and rolls back to the one that
// ran, so the reconciler never deploys itself into a state it cannot
// recover from.
func reconcilerDeployment() Deployment {
	on, minimum, maximum := true, 100, 200
	return Deployment{CircuitBreaker: &on, Rollback: &on, MinimumHealthyPercent: &minimum, MaximumPercent: &maximum}
}

// reconcilerRoles are the daemon's own execution and task roles. The task
// role's inline policy is the generated one (GeneratedPolicy, filled in
// outside this package); the execution role reads exactly the daemon's
// secrets. Both are its own, not the cluster's, and stateful: the engine
// never deletes or replaces them, and a file that drops the reconciler:
// section leaves them as orphans, so that the daemon, orphaned too, can
// still start its tasks: a reconciler without its roles could not put
// them back.
func (x *expander) reconcilerRoles(r *Reconciler, c Container) {
	exec := fmt.Sprintf("everruns-%s-%s-execution", x.env.Name, reconcilerKey)
	x.role(addrReconcilerExec, Role{Name: exec}, []string{executionPolicyARN}, x.executionStatements([]Container{c})).Stateful = true
	name := fmt.Sprintf("everruns-%s-%s", x.env.Name, reconcilerKey)
	f := names.Role
	res := x.add(AddrReconcilerRole, names.KindRole, name, map[string]any{
		f.RoleName:          name,
		f.AssumeRolePolicy:  canonicalPolicy(ecsTasksTrust),
		f.ManagedPolicyARNs: Set{},
		f.InlinePolicies:    map[string]any{inlinePolicyName: GeneratedPolicy{LeaseTable: r.LeaseTable}},
	}, nil, map[string]string{f.RoleName: "an IAM role cannot be renamed"})
	res.Stateful = true
}

// webhookRoute: a target group for the daemon's port, checked on
// /healthz, and a rule forwarding the webhook's exact path to it.
func (x *expander) webhookRoute(r *Reconciler) {
	tg, f, h := x.env.reconcilerTargetGroupName(), names.TargetGroup, names.HealthCheck
	x.add(addrReconcilerTG, names.KindTargetGroup, tg, map[string]any{
		f.Name:       tg,
		f.Protocol:   "HTTP",
		f.Port:       int64(ReconcilerPort),
		f.TargetType: "ip",
		f.VPCID:      ref(addrVPC),
		f.HealthCheck: map[string]any{
			h.Path: "/healthz", h.Matcher: "200", h.IntervalSeconds: int64(30), h.TimeoutSeconds: int64(5),
			h.HealthyThreshold: int64(2), h.UnhealthyThreshold: int64(3),
		},
		f.DeregistrationDelay: int64(30),
	}, []Address{addrVPC}, map[string]string{
		f.Name:       "a target group cannot be renamed",
		f.Protocol:   "a target group's protocol cannot be changed",
		f.Port:       "a target group's port cannot be changed",
		f.TargetType: "a target group's target type cannot be changed",
		f.VPCID:      "a target group cannot move to another VPC",
	})
	lb := x.env.LoadBalancer
	listener, rf, a := ruleListener(lb), names.ListenerRule, names.Action
	x.add(addrReconcilerRule, names.KindListenerRule, lb.Name+"-"+reconcilerKey, map[string]any{
		rf.ListenerARN:  ref(listener),
		rf.Priority:     int64(r.WebhookPriority),
		rf.PathPatterns: Set{r.WebhookPath},
		rf.Action:       map[string]any{a.Type: "forward", a.TargetGroupARN: ref(addrReconcilerTG)},
	}, []Address{listener, addrReconcilerTG}, map[string]string{rf.ListenerARN: "a rule cannot move to another listener"})
}
