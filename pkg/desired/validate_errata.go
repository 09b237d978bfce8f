package desired

import (
	"slices"
	"strings"
)

// temporalDB: Temporal 1.24 images accept DB=postgres12 or postgres12_pgx;
// the seed's "postgresql" makes the server exit at start (errata 5). The
// schema tool reads the same value from SQL_PLUGIN.
func (v *validator) temporalDB(base string, c Container) {
	if !strings.Contains(c.Image, "temporalio/") {
		return
	}
	for _, name := range []string{"DB", "SQL_PLUGIN"} {
		val, ok := c.Environment[name]
		if ok && val != "postgres12" && val != "postgres12_pgx" {
			v.errorf(base+".environment."+name, "Temporal does not accept this value of %s for PostgreSQL; use postgres12 or postgres12_pgx (errata 5)", name)
		}
	}
	if strings.Contains(c.Image, "temporalio/auto-setup") {
		v.warnf(base+".image", "temporalio/auto-setup is not meant for production; use temporalio/server with a temporalio/admin-tools schema task (errata 7)")
	}
}

// healthCheck: a container check that needs a shell or curl cannot run in
// a distroless image, so every task would be marked unhealthy and killed
// (errata 3). That is certain failure, hence an error; on an image not
// declared distroless it is only a warning to make sure the tool exists.
func (v *validator) healthCheck(base string, s Service) {
	hc := s.HealthCheck
	if hc == nil {
		return
	}
	path := base + ".health_check.command"
	if len(hc.Command) < 2 || (hc.Command[0] != "CMD" && hc.Command[0] != "CMD-SHELL") {
		v.errorf(path, "a health check command starts with CMD or CMD-SHELL and has the command after it")
		return
	}
	needsShell := hc.Command[0] == "CMD-SHELL"
	usesCurl := slices.ContainsFunc(hc.Command[1:], func(a string) bool {
		return strings.Contains(a, "curl") || strings.Contains(a, "wget")
	})
	switch {
	case s.Distroless && (needsShell || usesCurl):
		v.errorf(path, "the image is declared distroless (no shell, no curl): this health check can never pass; use the target group's health check (errata 3)")
	case needsShell || usesCurl:
		v.warnf(path, "this health check needs a shell or curl in the image; the Everruns images have neither (errata 3)")
	}
	if hc.IntervalSeconds < 5 || hc.IntervalSeconds > 300 || hc.TimeoutSeconds < 2 || hc.TimeoutSeconds > 60 || hc.Retries < 1 || hc.Retries > 10 || hc.StartPeriodSeconds < 0 || hc.StartPeriodSeconds > 300 {
		v.errorf(base+".health_check", "health check: interval 5–300 s, timeout 2–60 s, retries 1–10, start period 0–300 s")
	}
}

// serviceTarget: a service behind the load balancer needs a port and a
// target group that exists.
func (v *validator) serviceTarget(base string, s Service) {
	if s.TargetGroup == "" {
		return
	}
	if v.env.LoadBalancer == nil {
		v.errorf(base+".target_group", "target_group %q needs a load_balancer", s.TargetGroup)
		return
	}
	tg, ok := v.env.LoadBalancer.TargetGroups[s.TargetGroup]
	if !ok {
		v.targetGroupRef(base+".target_group", s.TargetGroup)
		return
	}
	if s.Port == 0 {
		v.errorf(base+".target_group", "a service behind a target group needs a port")
	} else if tg.Port != s.Port {
		v.errorf(base+".target_group", "target group %q uses port %d but the service listens on %d", s.TargetGroup, tg.Port, s.Port)
	}
}
