package desired

import (
	"regexp"
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
	if repoIs(c.Image, "temporalio/auto-setup") {
		// An error, not a warning: the file has the schema task and the
		// server image that replace it, and auto-setup would race them,
		// creating the schema from every task that starts.
		v.errorf(base+".image", "temporalio/auto-setup is deprecated and not for production: it runs the schema set-up at every start; use temporalio/server with a temporalio/admin-tools schema task (errata 7)")
	}
}

// repoIs reports whether image is the Docker Hub repository name, written
// with or without the docker.io/ prefix.
func repoIs(image, name string) bool {
	return strings.TrimPrefix(strings.TrimPrefix(image, "docker.io/"), "library/") == name
}

// temporalFrontendPort is the port of temporalio/server's frontend
// (FRONTEND_GRPC_PORT, default 7233), the one clients and the CLI dial.
const temporalFrontendPort = 7233

// temporal holds the rules about Temporal's images that need the whole
// file: which port the server serves, TLS to RDS, the admin-tools
// entrypoint and the namespace that nothing else registers.
func (v *validator) temporal() {
	runsServer := false
	for _, w := range v.workloads() {
		if repoIs(w.c.Image, "temporalio/server") && w.svc != nil {
			runsServer = true
		}
	}
	for _, w := range v.workloads() {
		env := w.c.Environment
		switch {
		case repoIs(w.c.Image, "temporalio/server"):
			if w.svc != nil && w.svc.Port != 0 && w.svc.Port != temporalFrontendPort {
				v.errorf(w.base+".port", "temporalio/server serves clients on %d (the frontend's gRPC port); nothing answers on %d (8080 is the port of the separate temporalio/ui image) (errata 8)", temporalFrontendPort, w.svc.Port)
			}
			if v.env.Database != nil && strings.HasPrefix(env["DB"], "postgres") && env["SQL_TLS_ENABLED"] != "true" {
				v.errorf(w.base+".environment.SQL_TLS_ENABLED", "RDS PostgreSQL forces TLS (rds.force_ssl=1): temporalio/server connects without it unless SQL_TLS_ENABLED is \"true\", and the database refuses the connection (errata 6)")
			}
		case repoIs(w.c.Image, "temporalio/admin-tools"):
			if len(w.c.Command) > 0 && len(w.c.EntryPoint) == 0 {
				v.errorf(w.base+".command", "temporalio/admin-tools (1.24) has ENTRYPOINT \"tini -- sleep infinity\": this command would only be sleep's argument, so the task never runs it and never stops; set entrypoint: [sh, -c] (errata 13)")
			}
			if v.env.Database != nil && strings.HasPrefix(env["SQL_PLUGIN"], "postgres") {
				if env["SQL_TLS"] != "true" {
					v.errorf(w.base+".environment.SQL_TLS", "RDS PostgreSQL forces TLS (rds.force_ssl=1): temporal-sql-tool connects without it unless SQL_TLS is \"true\" (errata 6)")
				} else if env["SQL_TLS_DISABLE_HOST_VERIFICATION"] != "true" && env["SQL_TLS_CA_FILE"] == "" {
					v.errorf(w.base+".environment.SQL_TLS", "temporal-sql-tool verifies the server's certificate against the system roots, which do not hold the RDS CA: set SQL_TLS_DISABLE_HOST_VERIFICATION to \"true\" or SQL_TLS_CA_FILE (errata 6)")
				}
			}
		case runsServer && env["TEMPORAL_ADDRESS"] != "":
			v.temporalNamespace(w)
		}
	}
}

// temporalNamespace: a Temporal client works in one namespace
// (TEMPORAL_NAMESPACE, "default" when unset, as the Everruns runner and the
// SDKs default it), and temporalio/server registers none: auto-setup did.
// A one-off task must create it, and the client must come after it
// (errata 14).
func (v *validator) temporalNamespace(w workload) {
	ns := w.c.Environment["TEMPORAL_NAMESPACE"]
	path := w.base + ".environment.TEMPORAL_NAMESPACE"
	if ns == "" {
		ns, path = "default", w.base+".environment.TEMPORAL_ADDRESS"
	}
	creates := regexp.MustCompile(`namespace create\b.*(?:\s|^)(?:-n|--namespace)[ =]` + regexp.QuoteMeta(ns) + `(?:\s|$)`)
	for _, t := range v.workloads() {
		if t.svc != nil || !repoIs(t.c.Image, "temporalio/admin-tools") {
			continue
		}
		text := strings.Join(append(slices.Clone(t.c.EntryPoint), t.c.Command...), " ")
		if creates.MatchString(text) && v.comesAfter(w.key, t.key) {
			return
		}
	}
	v.errorf(path, "nothing registers the Temporal namespace %q (temporalio/server does not; auto-setup did), so every workflow call fails with \"namespace not found\": add a temporalio/admin-tools task running \"temporal operator namespace describe -n %s || temporal operator namespace create -n %s\" after the server, and list it in this after: (errata 14)", ns, ns, ns)
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
