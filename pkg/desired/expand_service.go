package desired

// taskDefinition adds <prefix>.task_definition for one container. A task
// definition is an immutable revision in AWS; the adapter registers a new
// revision as its update, so no field is marked immutable here.
func (x *expander) taskDefinition(prefix Address, key, family string, c Container, port int, hc *ContainerHealthCheck) Address {
	a := prefix + ".task_definition"
	env := map[string]any{}
	for k, v := range c.Environment {
		env[k] = v
	}
	secrets := map[string]any{}
	deps := []Address{addrExecRole, addrTaskRole, addrLogGroup}
	for name, r := range c.Secrets {
		// The adapter writes valueFrom as "<arn>:<key>::".
		secrets[name] = map[string]any{"secret_arn": Ref{Address: secretAddr(r.Secret), Attr: "arn"}, "key": r.Key}
		deps = appendOnce(deps, secretAddr(r.Secret))
	}
	container := map[string]any{
		"name":        key,
		"image":       c.Image + ":" + c.Tag,
		"essential":   true,
		"environment": env,
		"secrets":     secrets,
		"log_configuration": map[string]any{
			"log_group":     ref(addrLogGroup),
			"region":        x.env.Region,
			"stream_prefix": key,
		},
	}
	if len(c.Command) > 0 {
		container["command"] = strSlice(c.Command)
	}
	if port != 0 {
		container["port_mappings"] = []any{map[string]any{"container_port": int64(port), "protocol": "tcp"}}
	}
	if c.RegistryCredentials != "" {
		container["repository_credentials"] = Ref{Address: secretAddr(c.RegistryCredentials), Attr: "arn"}
		deps = appendOnce(deps, secretAddr(c.RegistryCredentials))
	}
	if hc != nil {
		container["health_check"] = map[string]any{
			"command": strSlice(hc.Command), "interval": int64(hc.IntervalSeconds), "timeout": int64(hc.TimeoutSeconds),
			"retries": int64(hc.Retries), "start_period": int64(hc.StartPeriodSeconds),
		}
	}
	x.add(a, "ecs.task_definition", family, map[string]any{
		"family":                   family,
		"cpu":                      int64(c.CPU),
		"memory":                   int64(c.Memory),
		"network_mode":             "awsvpc",
		"requires_compatibilities": Set{"FARGATE"},
		"runtime_platform":         map[string]any{"cpu_architecture": c.CPUArchitecture, "operating_system_family": "LINUX"},
		"execution_role_arn":       Ref{Address: addrExecRole, Attr: "arn"},
		"task_role_arn":            Ref{Address: addrTaskRole, Attr: "arn"},
		"container_definitions":    []any{container},
	}, deps, nil)
	return a
}

func (x *expander) networkConfig(c Container) map[string]any {
	subnets, _ := privateSubnetRefs(x.env)
	groups, _ := groupRefs(c.SecurityGroups)
	return map[string]any{"subnets": subnets, "security_groups": groups, "assign_public_ip": false}
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

func strSlice(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
