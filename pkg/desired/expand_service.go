package desired

import "github.com/everruns/reconciler/pkg/desired/names"

// taskDefinition adds <prefix>.task_definition for one container. A task
// definition is an immutable revision in AWS; the adapter registers a new
// revision as its update. Only the family cannot change: it is the
// definition's name, and the family is named per environment
// (<name>-<environment>, as the seed did) so that two environments in one
// account never share one. The task runs with roles: the cluster's, or
// the reconciler's own.
func (x *expander) taskDefinition(prefix Address, key, name string, c Container, port int, hc *ContainerHealthCheck, roles taskRoles) Address {
	a := prefix + ".task_definition"
	td, cd := names.TaskDefinition, names.Container
	deps := []Address{roles.execution, roles.task, addrLogGroup}
	secrets := map[string]any{}
	for env, r := range c.Secrets {
		// The adapter writes valueFrom as "<arn>:<key>::".
		secrets[env] = map[string]any{names.ContainerSecret.SecretARN: Ref{Address: secretAddr(r.Secret), Attr: "arn"}, names.ContainerSecret.Key: r.Key}
		deps = appendOnce(deps, secretAddr(r.Secret))
	}
	container := map[string]any{
		cd.Name:        key,
		cd.Image:       c.Image + ":" + c.Tag,
		cd.Essential:   true,
		cd.Environment: stringMap(c.Environment),
		cd.Secrets:     secrets,
		cd.LogConfiguration: map[string]any{
			names.ContainerLog.LogGroup:     ref(addrLogGroup),
			names.ContainerLog.Region:       x.env.Region,
			names.ContainerLog.StreamPrefix: key,
		},
	}
	if len(c.EntryPoint) > 0 {
		container[cd.EntryPoint] = strSlice(c.EntryPoint)
	}
	if len(c.Command) > 0 {
		container[cd.Command] = strSlice(c.Command)
	}
	if port != 0 {
		container[cd.PortMappings] = []any{map[string]any{names.PortMapping.ContainerPort: int64(port), names.PortMapping.Protocol: "tcp"}}
	}
	if c.RegistryCredentials != "" {
		container[cd.RepositoryCredentials] = Ref{Address: secretAddr(c.RegistryCredentials), Attr: "arn"}
		deps = appendOnce(deps, secretAddr(c.RegistryCredentials))
	}
	if hc != nil {
		h := names.ContainerHealth
		container[cd.HealthCheck] = map[string]any{
			h.Command: strSlice(hc.Command), h.Interval: int64(hc.IntervalSeconds), h.Timeout: int64(hc.TimeoutSeconds),
			h.Retries: int64(hc.Retries), h.StartPeriod: int64(hc.StartPeriodSeconds),
		}
	}
	family := name + "-" + x.env.Name
	x.add(a, names.KindTaskDefinition, family, map[string]any{
		td.Family:                  family,
		td.CPU:                     int64(c.CPU),
		td.Memory:                  int64(c.Memory),
		td.NetworkMode:             "awsvpc",
		td.RequiresCompatibilities: Set{"FARGATE"},
		td.RuntimePlatform:         map[string]any{names.RuntimePlatform.CPUArchitecture: c.CPUArchitecture, names.RuntimePlatform.OperatingSystemFamily: "LINUX"},
		td.ExecutionRoleARN:        Ref{Address: roles.execution, Attr: "arn"},
		td.TaskRoleARN:             Ref{Address: roles.task, Attr: "arn"},
		td.ContainerDefinitions:    []any{container},
	}, deps, map[string]string{td.Family: "a task definition family is its name; another family is another definition"})
	return a
}

// taskRoles are the execution and task roles of a task definition.
type taskRoles struct{ execution, task Address }

// clusterRoles are the roles every service and task of the file runs with.
var clusterRoles = taskRoles{execution: addrExecRole, task: addrTaskRole}

func (x *expander) networkConfig(c Container) map[string]any {
	subnets, _ := privateSubnetRefs(x.env)
	groups, _ := groupRefs(c.SecurityGroups)
	n := names.TaskNetwork
	return map[string]any{n.Subnets: subnets, n.SecurityGroups: groups, n.AssignPublicIP: false}
}

// afterDeps turns after: names into the addresses to wait for.
func (x *expander) afterDeps(names []string) []Address {
	var out []Address
	for _, n := range names {
		if _, ok := x.env.Services[n]; ok {
			out = append(out, Address("service."+n))
		} else {
			out = append(out, Address("task."+n))
		}
	}
	return out
}

func appendOnce(s []Address, a Address) []Address {
	for _, b := range s {
		if a == b {
			return s
		}
	}
	return append(s, a)
}

func stringMap(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func strSlice(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
