package e2e

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/everruns/reconciler/internal/cli"
	fakeecs "github.com/everruns/reconciler/internal/fakeaws/ecs"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

// fullReport is diff -o json over the whole file: the changes and what the
// reconciler cannot manage (nothing, now that every kind has an adapter).
type fullReport struct {
	report
	Unsupported []json.RawMessage `json:"unsupported"`
}

// fullEnv is the whole shipped environment on one fake, driven through the
// command line with no --target, as an operator runs it.
type fullEnv struct {
	t       *testing.T
	f       *fake
	fakeECS *fakeecs.Service
	clients clusterClients
}

func newFullEnv(t *testing.T) *fullEnv {
	t.Helper()
	e := fullEnvOn(t, newFake(t))
	useFake(t, e.f)
	return e
}

// fullEnvOn is a fullEnv on f that leaves the process's environment
// alone: for the tests that drive the engine, and run in parallel.
func fullEnvOn(t *testing.T, f *fake) *fullEnv {
	return &fullEnv{t: t, f: f, fakeECS: f.srv.Service("ecs").(*fakeecs.Service), clients: clusterClientsOf(f)}
}

// run runs one command over file (the shipped one unless given).
func (e *fullEnv) run(file string, args ...string) (int, string, string) {
	e.t.Helper()
	return reconciler(e.t.Context(), append(args, "-f", file, "--poll-interval", poll)...)
}

// apply runs apply over file and fails the test unless it exits 0.
func (e *fullEnv) apply(file string) {
	e.t.Helper()
	if code, out, errOut := e.run(file, "apply"); code != cli.ExitOK {
		e.t.Fatalf("apply exit %d, want 0\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}

// diff runs diff -o json over file and decodes its report.
func (e *fullEnv) diff(file string) (int, fullReport) {
	e.t.Helper()
	code, out, errOut := e.run(file, "diff", "-o", "json")
	if code != cli.ExitOK && code != cli.ExitChanges {
		e.t.Fatalf("diff exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	var r fullReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		e.t.Fatalf("diff -o json is not JSON: %v\n%s", err, out)
	}
	return code, r
}

// wantInSync runs diff over file and fails unless it exits 0 with no
// change, nothing unsupported and no mutating AWS call.
func (e *fullEnv) wantInSync(file string) map[string]int {
	e.t.Helper()
	e.f.srv.ResetCalls()
	code, r := e.diff(file)
	calls := e.f.srv.Calls()
	if code != cli.ExitOK || len(r.Changes) != 0 || !r.InSync || len(r.Unsupported) != 0 {
		e.t.Fatalf("diff: exit %d, changes %+v, unsupported %s; want exit 0 and nothing", code, r.Changes, r.Unsupported)
	}
	if m := mutations(calls); len(m) > 0 {
		e.t.Fatalf("diff made mutating calls %v", m)
	}
	return calls
}

// fullOperatorValues are what a person puts into the operator secrets.
var fullOperatorValues = map[string]string{
	"everruns/production/openai-api-key": `{"api_key":"sk-e2e-full-OPENAI"}`,
	"everruns/production/ghcr":           `{"username":"e2e-bot","password":"ghp-e2e-full-GHCR"}`,
}

// actAsPerson does what the first apply asks of a person: the operator
// secrets' values through PutSecretValue, and the certificate's
// validation CNAME at the DNS provider (the fake's ACM hook).
func (e *fullEnv) actAsPerson() {
	e.t.Helper()
	client := sm.NewFromConfig(fakeawstest.Config(e.f.url))
	for name, v := range fullOperatorValues {
		_, err := client.PutSecretValue(e.t.Context(), &sm.PutSecretValueInput{SecretId: aws.String(name), SecretString: aws.String(v)})
		must(e.t, "PutSecretValue", err)
	}
	resp, err := http.Post(e.f.url+"/_devcloud/acm/validate?domain="+url.QueryEscape("poc.everruns.com"), "", nil)
	must(e.t, "validate hook", err)
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		e.t.Fatalf("validate hook: %s", resp.Status)
	}
}

// converge takes an empty account to the whole environment as a person
// would: apply, which stops at what only a person can do (the operator
// secrets' values; the certificate's CNAME, waited for --wait), the
// person's steps, apply again.
func (e *fullEnv) converge() {
	e.t.Helper()
	if code, out, errOut := e.run(envFile, "apply", "--wait", "2s"); code != cli.ExitError {
		e.t.Fatalf("first apply: exit %d, want 1 (operator secrets without values)\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	e.actAsPerson()
	e.apply(envFile)
}

// withTag writes a copy of the shipped file in which service's tag is tag.
func (e *fullEnv) withTag(service, tag string) string {
	e.t.Helper()
	return fullEnvWithTags(e.t, map[string]string{"services." + service: tag})
}

// fullEnvWithTags copies the shipped file with the tags of some services
// and tasks changed, by "services.NAME" or "tasks.NAME": the first "tag:"
// line after "  NAME:" in that section, as a person edits the file.
func fullEnvWithTags(t *testing.T, tags map[string]string) string {
	t.Helper()
	body, err := os.ReadFile(envFile)
	must(t, "read file", err)
	lines := strings.Split(string(body), "\n")
	section, entry := "", ""
	for i, l := range lines {
		switch {
		case l != "" && l[0] != ' ' && l[0] != '#' && strings.HasSuffix(l, ":"):
			section = strings.TrimSuffix(l, ":")
		case strings.HasPrefix(l, "  ") && !strings.HasPrefix(l, "   ") && strings.HasSuffix(l, ":"):
			entry = section + "." + strings.TrimSuffix(strings.TrimSpace(l), ":")
		case strings.HasPrefix(strings.TrimSpace(l), "tag:"):
			if tag, ok := tags[entry]; ok {
				lines[i] = "    tag: " + tag
				delete(tags, entry)
			}
		}
	}
	if len(tags) > 0 {
		t.Fatalf("the file has no tag for %v", tags)
	}
	path := filepath.Join(t.TempDir(), "environment.yaml")
	must(t, "write file", os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o600))
	return path
}
