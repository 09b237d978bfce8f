package desired

import (
	"slices"
	"strconv"
	"strings"
)

// Facts about the Everruns images, read from the application's source at
// the commit the shipped file pins (github.com/everruns/everruns 1eaf037,
// docs/seed-errata.md). The rules apply to images named everruns-* in any
// registry, so a mirror of the same builds is held to the same facts.
const (
	everrunsAPI          = "everruns-api"           // the HTTP API (Temporal layout)
	everrunsControlPlane = "everruns-control-plane" // its successor (gRPC layout)
	everrunsWorker       = "everruns-worker"
	everrunsAdmin        = "everruns-admin"
	everrunsUI           = "everruns-ui"
)

// everrunsImage is the everruns-* repository name of image, or "".
func everrunsImage(image string) string {
	if name := lastSegment(image, "/"); strings.HasPrefix(name, "everruns-") {
		return name
	}
	return ""
}

func isEverrunsAPI(c Container) bool {
	n := everrunsImage(c.Image)
	return n == everrunsAPI || n == everrunsControlPlane
}

// everrunsAdminCommands are the commands of the admin image's entrypoint
// (docker/admin-entrypoint.sh); anything else exits 1 "Unknown command".
var everrunsAdminCommands = []string{"migrate", "migrate-info", "reencrypt", "shell", "help"}

// everrunsUIPort: the UI image sets ENV PORT=9100 (apps/ui/Dockerfile).
const everrunsUIPort = 9100

// everruns holds the rules of errata 10, 11, 15 and 19.
func (v *validator) everruns() {
	for _, w := range v.workloads() {
		switch everrunsImage(w.c.Image) {
		case everrunsAPI, everrunsControlPlane:
			if w.svc != nil {
				v.everrunsMigrations(w)
				v.everrunsRoutes(w)
			}
		case everrunsAdmin:
			if len(w.c.EntryPoint) == 0 && len(w.c.Command) > 0 && !slices.Contains(everrunsAdminCommands, w.c.Command[0]) {
				v.errorf(w.base+".command[0]", "everruns-admin runs its entrypoint script, which takes %s; %q is an unknown command and the task exits 1 (the seed's \"sqlx migrate run\" override is command: [migrate]) (errata 11)", strings.Join(everrunsAdminCommands, ", "), w.c.Command[0])
			}
		case everrunsUI:
			if w.svc != nil {
				v.everrunsUI(w)
			}
		}
		if n := everrunsImage(w.c.Image); n != "" && n != everrunsAdmin && slices.ContainsFunc(append(slices.Clone(w.c.EntryPoint), w.c.Command...), func(a string) bool { return strings.Contains(a, "sqlx") }) {
			v.errorf(w.base+".command", "%s has no sqlx (a distroless image with one binary); migrations run from everruns-admin with command: [migrate] (errata 11)", n)
		}
	}
}

// everrunsMigrations: the API does not migrate at start-up and its image
// has no sqlx, so a task of everruns-admin must migrate first (errata 11).
func (v *validator) everrunsMigrations(w workload) {
	_, inSecrets := w.c.Secrets["DATABASE_URL"]
	_, inEnv := w.c.Environment["DATABASE_URL"]
	if !inSecrets && !inEnv {
		return
	}
	for _, t := range v.workloads() {
		if t.svc == nil && everrunsImage(t.c.Image) == everrunsAdmin && len(t.c.Command) > 0 && t.c.Command[0] == "migrate" && v.comesAfter(w.key, t.key) {
			return
		}
	}
	path := w.base
	if len(w.after) > 0 {
		path += ".after"
	}
	v.errorf(path, "the Everruns API does not run its migrations at start-up and its image has no sqlx: add a task of everruns-admin with command: [migrate] and list it in after: (errata 11)")
}

// apiUnprefixed are the API's routes that API_PREFIX does not move
// (crates/everruns-api/src/main.rs: /health, the Swagger UI and its spec).
func apiUnprefixed(pattern string) bool {
	return pattern == "/health" || strings.HasPrefix(pattern, "/swagger-ui") || strings.HasPrefix(pattern, "/api-doc")
}

// everrunsRoutes: a path the load balancer sends to the API must be one the
// API serves. Its routes are /v1/…, moved under API_PREFIX when set; an
// ALB cannot strip a prefix; the spec is at /api-doc/openapi.json (errata 10).
func (v *validator) everrunsRoutes(w workload) {
	lb := v.env.LoadBalancer
	if lb == nil || w.svc.TargetGroup == "" {
		return
	}
	prefix := w.c.Environment["API_PREFIX"]
	for _, k := range sortedKeys(lb.Rules) {
		r := lb.Rules[k]
		if r.TargetGroup != w.svc.TargetGroup {
			continue
		}
		for i, pat := range r.Paths {
			path := "load_balancer.rules." + k + ".paths[" + itoa(i) + "]"
			switch {
			case pat == "/openapi.json":
				v.errorf(path, "the Everruns API serves its OpenAPI spec at /api-doc/openapi.json; /openapi.json answers 404 (errata 10)")
			case apiUnprefixed(pat):
			case prefix == "" && !strings.HasPrefix(pat, "/v1"):
				v.errorf(path, "service %s answers /v1/… unless API_PREFIX moves its routes, and an ALB cannot strip %q; set API_PREFIX in its environment (e.g. /api for /api/*) (errata 10)", w.key, pat)
			case prefix != "" && pat != prefix && !strings.HasPrefix(pat, prefix+"/") && pat != prefix+"*":
				v.errorf(path, "service %s serves its routes under API_PREFIX %s; %q never reaches one (errata 10)", w.key, prefix, pat)
			}
		}
	}
}

// everrunsUI: the UI listens on 9100 (or PORT) and answers / with a 307
// redirect to /dashboard (apps/ui/src/app/page.tsx), errata 15 and 19.
func (v *validator) everrunsUI(w workload) {
	port := everrunsUIPort
	if p, err := strconv.Atoi(w.c.Environment["PORT"]); err == nil {
		port = p
	}
	if w.svc.Port != 0 && w.svc.Port != port {
		v.errorf(w.base+".port", "the everruns-ui image listens on %d (its Dockerfile sets PORT=9100); nothing answers on %d, so its targets never become healthy (errata 15)", port, w.svc.Port)
	}
	lb := v.env.LoadBalancer
	if lb == nil {
		return
	}
	tg, ok := lb.TargetGroups[w.svc.TargetGroup]
	if !ok || tg.HealthCheck.Path != "/" || matcherAccepts(tg.HealthCheck.Matcher, 307) {
		return
	}
	v.errorf("load_balancer.target_groups."+w.svc.TargetGroup+".health_check.matcher", "the Everruns UI answers / with a 307 redirect to /dashboard, so matcher %q never passes and the ALB never routes to it; use \"200-399\" (errata 19)", tg.HealthCheck.Matcher)
}

// matcherAccepts reports whether an ALB matcher ("200", "200,302",
// "200-399") accepts code.
func matcherAccepts(matcher string, code int) bool {
	for _, part := range strings.Split(matcher, ",") {
		lo, hi, isRange := strings.Cut(strings.TrimSpace(part), "-")
		if !isRange {
			hi = lo
		}
		a, errA := strconv.Atoi(lo)
		b, errB := strconv.Atoi(hi)
		if errA == nil && errB == nil && a <= code && code <= b {
			return true
		}
	}
	return false
}
