package desired

import (
	"strings"
	"testing"
)

const shippedFile = "../../deploy/environment.yaml"

// erratumMutation brings one mistake of docs/seed-errata.md back into the
// shipped file, as a person would type it, and says where validation must
// point: the line holding the text `at` (searched from `after`, so that
// text repeated in the file is found in the right block).
type erratumMutation struct {
	name      string
	edit      func(t *testing.T, text string) string
	after, at string
	want      string
}

// replace changes the first occurrence of old, failing the test if the
// shipped file no longer has it (the mutation would silently test nothing).
func replace(old, new string) func(*testing.T, string) string {
	return func(t *testing.T, text string) string {
		t.Helper()
		if !strings.Contains(text, old) {
			t.Fatalf("the shipped file has no %q to mutate", old)
		}
		return strings.Replace(text, old, new, 1)
	}
}

// cut removes the text from `from` up to (not including) `to`.
func cut(from, to string) func(*testing.T, string) string {
	return func(t *testing.T, text string) string {
		t.Helper()
		i := strings.Index(text, from)
		j := strings.Index(text[max(i, 0):], to)
		if i < 0 || j < 0 {
			t.Fatalf("the shipped file has no block %q … %q to cut", from, to)
		}
		return text[:i] + text[i+j:]
	}
}

func chain(edits ...func(*testing.T, string) string) func(*testing.T, string) string {
	return func(t *testing.T, text string) string {
		for _, e := range edits {
			text = e(t, text)
		}
		return text
	}
}

// lineOf is the 1-based line of the first `at` after the first `after`.
func lineOf(t *testing.T, text, after, at string) int {
	t.Helper()
	i := strings.Index(text, after)
	if i < 0 {
		t.Fatalf("mutated file has no %q", after)
	}
	j := strings.Index(text[i:], at)
	if j < 0 {
		t.Fatalf("mutated file has no %q after %q", at, after)
	}
	return strings.Count(text[:i+j], "\n") + 1
}

// TestErrataRefused: each erratum that a file can express, brought back
// into deploy/environment.yaml, is an error at the line to change. Errata
// 12 (the Elastic IP's domain and price) and 17 (task definition families)
// have no key in the file: the reconciler derives them.
func TestErrataRefused(t *testing.T) {
	const dropMigrate = "after: [temporal, temporal-namespace, migrate]"
	cases := []erratumMutation{
		{name: "1 database secret without connection_string",
			edit:  replace("    source: database\n", "    source: database\n    keys: [username, password, host, port, database]\n"),
			after: "  database:\n    # Errata 1", at: "keys: [username", want: "carries exactly the keys"},
		{name: "2 database credentials written by a person",
			edit:  replace("    source: database\n", "    source: operator\n    keys: [username, password, host, port, database, connection_string]\n"),
			after: "database:", at: "credentials_secret: database", want: "must have source: database"},
		{name: "3 curl health check in a distroless image",
			edit:  replace("    target_group: api\n", "    target_group: api\n    health_check: {command: [CMD-SHELL, curl -f http://localhost:9000/health]}\n"),
			after: "  api:\n    name: everruns-api", at: "health_check:", want: "can never pass"},
		{name: "4 ghcr image without registry credentials",
			edit:  replace("    registry_credentials: ghcr    # errata 4\n", ""),
			after: "  api:\n    name: everruns-api", at: "image: ghcr.io/everruns/everruns-api", want: "needs registry_credentials"},
		{name: "4 registry secret holding a token",
			edit:  replace("    keys: [username, password]\n", "    keys: [token]\n"),
			after: "  migrate:", at: "registry_credentials: ghcr", want: "must declare the keys username and password"},
		{name: "5 DB=postgresql",
			edit:  replace("      DB: postgres12 ", "      DB: postgresql "),
			after: "  temporal:\n", at: "DB: postgresql", want: "Temporal does not accept"},
		{name: "6 Temporal server without TLS",
			edit:  cut("      SQL_TLS_ENABLED: \"true\"", "    secrets:\n      POSTGRES_SEEDS"),
			after: "  temporal:\n", at: "      DB: postgres12", want: "SQL_TLS_ENABLED"}, // the environment block's first line
		{name: "6 schema tool without TLS",
			edit:  cut("      SQL_TLS: \"true\"", "      SQL_TLS_DISABLE_HOST_VERIFICATION"),
			after: "  temporal-schema:", at: "      SQL_PLUGIN:", want: "SQL_TLS is \"true\""},
		{name: "6 rds.force_ssl off",
			edit:  replace(`rds.force_ssl: "1"`, `rds.force_ssl: "0"`),
			after: "database:", at: "rds.force_ssl", want: "rds.force_ssl \"0\""},
		{name: "7 temporalio/auto-setup",
			edit:  replace("    image: temporalio/server ", "    image: temporalio/auto-setup "),
			after: "services:", at: "temporalio/auto-setup", want: "auto-setup is deprecated"},
		{name: "8 Temporal on 8080",
			edit:  replace("    port: 7233 ", "    port: 8080 "),
			after: "services:", at: "port: 8080", want: "nothing answers on 8080"},
		{name: "9 HTTPS listener without a certificate",
			edit:  replace("certificate: main, ", ""),
			after: "load_balancer:", at: "https: {", want: "requires a certificate"},
		{name: "10 /openapi.json rule",
			edit:  replace("    openapi: {priority: 40,", "    openapi-root: {priority: 50, paths: [\"/openapi.json\"], target_group: api}\n    openapi: {priority: 40,"),
			after: "  rules:", at: "openapi-root", want: "/api-doc/openapi.json"},
		{name: "10 API_PREFIX removed",
			edit:  cut("      API_PREFIX: /api ", "      RUST_LOG"),
			after: "  rules:", at: "api:     {priority: 10", want: "API_PREFIX"},
		{name: "11 migrate task removed",
			edit:  chain(cut("  migrate:\n", "\nservices:"), replace(dropMigrate, "after: [temporal, temporal-namespace]"), replace(dropMigrate, "after: [temporal, temporal-namespace]")),
			after: "  api:\n    name: everruns-api", at: "after: [temporal", want: "does not run its migrations"},
		{name: "11 the seed's sqlx override on the admin image",
			edit:  replace("    command: [migrate]\n", "    command: [sqlx, migrate, run, --source, crates/everruns-storage/migrations]\n"),
			after: "  migrate:", at: "command: [sqlx", want: "unknown command"},
		{name: "11 the seed's sqlx override on the API image",
			edit: chain(replace("    image: ghcr.io/everruns/everruns-admin\n", "    image: ghcr.io/everruns/everruns-api\n"),
				replace("    command: [migrate]\n", "    command: [sqlx, migrate, run, --source, crates/everruns-storage/migrations]\n")),
			after: "  migrate:", at: "command: [sqlx", want: "has no sqlx"},
		{name: "13 schema task without entrypoint",
			edit:  replace("    entrypoint: [sh, -c]\n", ""),
			after: "  temporal-schema:", at: "      - >-", want: "sleep infinity"}, // the command's first line
		{name: "14 namespace task removed",
			edit:  chain(cut("  temporal-namespace:\n", "  migrate:\n"), replace(dropMigrate, "after: [temporal, migrate]"), replace(dropMigrate, "after: [temporal, migrate]")),
			after: "  api:\n    name: everruns-api", at: "TEMPORAL_NAMESPACE: default", want: "nothing registers the Temporal namespace \"default\""},
		{name: "15 UI and target group on 3000",
			edit:  chain(replace("      port: 9100 ", "      port: 3000 "), replace("    port: 9100 ", "    port: 3000 ")),
			after: "  ui:\n    name: everruns-ui", at: "port: 3000", want: "listens on 9100"},
		{name: "16 latest",
			edit:  replace("    tag: 1eaf037fad33dd11a1e3a0e47804c0f1bd45f908   # pinned with migrate's tag\n    distroless: true              # gcr.io", "    tag: latest\n    distroless: true              # gcr.io"),
			after: "  api:\n    name: everruns-api", at: "tag: latest", want: "is mutable"},
		{name: "18 engine version 16.3",
			edit:  replace(`engine_version: "16"`, `engine_version: "16.3"`),
			after: "database:", at: "engine_version", want: "cannot be created"},
		{name: "18 engine version 99",
			edit:  replace(`engine_version: "16"`, `engine_version: "99"`),
			after: "database:", at: "engine_version", want: "cannot be created"},
		{name: "19 UI matcher 200",
			edit:  replace(`matcher: "200-399"`, `matcher: "200"`),
			after: "    ui:\n      port: 9100", at: "health_check", want: "307 redirect"},
		{name: "world-open rds group",
			edit:  replace("      - {protocol: tcp, port: 5432, group: ecs}\n", "      - {protocol: tcp, port: 5432, group: ecs}\n      - {protocol: tcp, port: 5432, cidr: 0.0.0.0/0}\n"),
			after: "  rds:", at: "cidr: 0.0.0.0/0", want: "admits the whole internet"},
		{name: "world-open ecs group",
			edit:  replace("      - {protocol: all, self: true, description: between services}\n", "      - {protocol: all, self: true, description: between services}\n      - {protocol: all, cidr: \"::/0\"}\n"),
			after: "  ecs:", at: "::/0", want: "admits the whole internet"},
		{name: "public listener to the unauthenticated API",
			edit:  replace("cidr: 198.51.100.0/24", "cidr: 0.0.0.0/0"),
			after: "  rules:", at: "api:     {priority: 10", want: "checks no credentials"},
	}
	shipped := readFile(t, shippedFile)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text := c.edit(t, shipped)
			line := lineOf(t, text, c.after, c.at)
			_, diags := Parse("environment.yaml", []byte(text))
			for _, d := range diags.Errors() {
				if d.Line == line && d.Col > 0 && strings.Contains(d.Message, c.want) {
					return
				}
			}
			t.Errorf("want an error at environment.yaml:%d containing %q, got:\n%s", line, c.want, diags.Error())
		})
	}
}

// TestOpenAPIExplicit: the public listener is accepted when the file says
// so, or when the load balancer is internal; the rule is about exposure,
// not about the API itself.
func TestOpenAPIExplicit(t *testing.T) {
	open := replace("cidr: 198.51.100.0/24", "cidr: 0.0.0.0/0")
	for name, edit := range map[string]func(*testing.T, string) string{
		"allow_anonymous_api": chain(open, replace("  deletion_protection: true\n  listeners:", "  deletion_protection: true\n  allow_anonymous_api: true\n  listeners:")),
		"internal":            chain(open, replace("  deletion_protection: true\n  listeners:", "  deletion_protection: true\n  internal: true\n  listeners:")),
	} {
		t.Run(name, func(t *testing.T) {
			_, diags := Parse("environment.yaml", []byte(edit(t, readFile(t, shippedFile))))
			if diags.HasErrors() {
				t.Fatalf("refused:\n%s", diags.Error())
			}
		})
	}
}

// TestEngineVersions: majors in standard support and listed minors pass;
// retired minors, unknown majors and a minor not on the list do not.
func TestEngineVersions(t *testing.T) {
	for v, want := range map[string]bool{
		"16": true, "17": true, "14": true, "18": true, "17.7": true, "16.11": true,
		"16.3": false, "17.2": false, "99": false, "12": false, "13": false, "16.99": false,
	} {
		if got := engineVersionOrderable(v); got != want {
			t.Errorf("engineVersionOrderable(%q) = %v, want %v", v, got, want)
		}
	}
}

func TestMatcherAccepts(t *testing.T) {
	for _, c := range []struct {
		matcher string
		code    int
		want    bool
	}{
		{"200", 307, false}, {"200-399", 307, true}, {"200,307", 307, true},
		{"200, 301-308", 307, true}, {"200-299", 307, false}, {"", 307, false},
	} {
		if got := matcherAccepts(c.matcher, c.code); got != c.want {
			t.Errorf("matcherAccepts(%q, %d) = %v, want %v", c.matcher, c.code, got, c.want)
		}
	}
}
