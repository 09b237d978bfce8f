package e2e

import (
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/everruns/reconciler/internal/cli"
	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
	"github.com/everruns/reconciler/pkg/iampolicy"
)

// verifyReport is verify -o json.
type verifyReport struct {
	Checks []struct {
		Name     string `json:"name"`
		Findings []struct {
			Severity string `json:"severity"`
			Subject  string `json:"subject"`
			Message  string `json:"message"`
		} `json:"findings"`
	} `json:"checks"`
	Errors   int  `json:"errors"`
	Warnings int  `json:"warnings"`
	OK       bool `json:"ok"`
}

// problems are the report's findings of severity as "check subject: message".
func (r verifyReport) problems(severity string) []string {
	var out []string
	for _, c := range r.Checks {
		for _, f := range c.Findings {
			if f.Severity == severity {
				out = append(out, c.Name+" "+f.Subject+": "+f.Message)
			}
		}
	}
	return out
}

// verifyWorld is the whole shipped environment converged on a fake, with
// every image on go-containerregistry's in-process registry.
type verifyWorld struct {
	*fullEnv
	reg  *digestRegistry
	file string
}

var imageLine = regexp.MustCompile(`(?m)^(\s+image:\s*)(\S+)`)

// newVerifyWorld copies the shipped file with each image moved to the
// local registry (its path kept, its registry host replaced), pushes
// every image:tag the file names, and converges it as a person would.
func newVerifyWorld(t *testing.T) *verifyWorld {
	t.Helper()
	e := newFullEnv(t)
	reg := newDigestRegistry(t)
	body, err := os.ReadFile(envFile)
	must(t, "read file", err)
	moved := imageLine.ReplaceAllStringFunc(string(body), func(l string) string {
		m := imageLine.FindStringSubmatch(l)
		repo := m[2]
		if first, rest, ok := strings.Cut(repo, "/"); ok && strings.ContainsAny(first, ".:") {
			repo = rest // a registry host
		}
		return m[1] + reg.host + "/" + repo
	})
	w := &verifyWorld{fullEnv: e, reg: reg, file: writeFile(t, moved)}
	for _, img := range fileImages(t, moved) {
		repo, tag, _ := strings.Cut(strings.TrimPrefix(img, reg.host+"/"), ":")
		reg.push(t, repo, tag)
	}
	if code, out, errOut := e.run(w.file, "apply", "--wait", "2s"); code != cli.ExitError {
		t.Fatalf("first apply: exit %d, want 1\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	e.actAsPerson()
	e.apply(w.file)
	return w
}

// fileImages lists each image:tag of a file, from its image: and the
// tag: that follows it in the same entry.
func fileImages(t *testing.T, body string) []string {
	t.Helper()
	var out []string
	image := ""
	for _, l := range strings.Split(body, "\n") {
		f := strings.Fields(l)
		switch {
		case len(f) >= 2 && f[0] == "image:":
			image = f[1]
		case len(f) >= 2 && f[0] == "tag:" && image != "":
			if ref := image + ":" + f[1]; !slices.Contains(out, ref) {
				out = append(out, ref)
			}
			image = ""
		}
	}
	if len(out) < 3 {
		t.Fatalf("found only %v in the file", out)
	}
	return out
}

func writeFile(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "environment.yaml")
	must(t, "write file", os.WriteFile(path, []byte(body), 0o600))
	return path
}

// edited is a copy of the world's file with old replaced by new once.
func (w *verifyWorld) edited(old, new string) string {
	w.t.Helper()
	body, err := os.ReadFile(w.file)
	must(w.t, "read file", err)
	if old == "" || !strings.Contains(string(body), old) {
		w.t.Fatalf("the file has no %q", old)
	}
	return writeFile(w.t, strings.Replace(string(body), old, new, 1))
}

// verify runs verify -o json over file.
func (w *verifyWorld) verify(file string, args ...string) (int, verifyReport, string) {
	w.t.Helper()
	code, out, errOut := reconciler(w.t.Context(), append([]string{"verify", "-f", file, "-o", "json"}, args...)...)
	var r verifyReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		w.t.Fatalf("verify -o json (exit %d) is not JSON: %v\n%s\nstderr:\n%s", code, err, out, errOut)
	}
	return code, r, errOut
}

// role creates a role whose only policy is the plan's policy without the
// actions drop, and returns its ARN.
func (w *verifyWorld) role(name string, drop ...string) string {
	w.t.Helper()
	doc, err := policy("-f", w.file, "--account", core.AccountID)
	must(w.t, "iam-policy", err)
	var kept []iampolicy.Statement
	for _, st := range doc.Statement {
		st.Action = slices.DeleteFunc(slices.Clone(st.Action), func(a string) bool { return slices.Contains(drop, a) })
		if len(st.Action) > 0 {
			kept = append(kept, st)
		}
	}
	doc.Statement = kept
	text, err := json.Marshal(doc)
	must(w.t, "marshal policy", err)
	api := iam.NewFromConfig(fakeawstest.Config(w.f.url))
	out, err := api.CreateRole(w.t.Context(), &iam.CreateRoleInput{RoleName: aws.String(name), Path: aws.String("/operators/"),
		AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + core.AccountID + `:root"},"Action":"sts:AssumeRole"}]}`)})
	must(w.t, "CreateRole", err)
	_, err = api.PutRolePolicy(w.t.Context(), &iam.PutRolePolicyInput{RoleName: aws.String(name), PolicyName: aws.String("reconciler"), PolicyDocument: aws.String(string(text))})
	must(w.t, "PutRolePolicy", err)
	return aws.ToString(out.Role.Arn)
}

// On the converged environment, with its images on the registry, verify
// exits 0: every check passes. As the fake's caller is an IAM user that
// IAM cannot simulate, the permissions are a warning; with --principal a
// role holding the plan's policy, they pass too, and --strict finds
// nothing to fail on.
func TestVerifyPassesOnTheConvergedEnvironment(t *testing.T) {
	w := newVerifyWorld(t)
	w.f.srv.ResetCalls()
	start := time.Now()
	code, r, errOut := w.verify(w.file)
	elapsed, calls := time.Since(start), w.f.srv.Calls()
	if code != cli.ExitOK || !r.OK || r.Errors != 0 {
		t.Fatalf("verify: exit %d, errors %v\nstderr:\n%s", code, r.problems("error"), errOut)
	}
	if m := mutations(calls); len(m) > 0 {
		t.Errorf("verify made mutating calls %v", m)
	}
	t.Logf("verify over the whole file: %s, AWS calls %v", elapsed.Round(time.Millisecond), calls)
	for _, c := range r.Checks {
		if len(c.Findings) == 0 {
			t.Errorf("check %s found nothing: every check has something to say on the shipped file", c.Name)
		}
	}
	if warnings := r.problems("warning"); len(warnings) != 1 || !strings.HasPrefix(warnings[0], "permissions ") {
		t.Errorf("warnings %v, want only the caller's permissions (an IAM user the fake cannot simulate)", warnings)
	}
	role := w.role("reconciler-full")
	_, text, _ := reconciler(t.Context(), "verify", "-f", w.file, "--principal", role)
	t.Logf("verify's text report:\n%s", text)
	code, r, errOut = w.verify(w.file, "--principal", role, "--strict")
	if code != cli.ExitOK || r.Errors != 0 || r.Warnings != 0 {
		t.Fatalf("verify --principal %s --strict: exit %d, errors %v, warnings %v\nstderr:\n%s", role, code, r.problems("error"), r.problems("warning"), errOut)
	}
}

// Each problem alone makes verify exit 1 with that problem, and only it,
// named: a tag the registry does not have, an operator secret without a
// key the file reads, an engine version RDS cannot create, and a role
// whose policy lacks an action the plan needs.
func TestVerifyNamesEachProblem(t *testing.T) {
	w := newVerifyWorld(t)
	full := w.role("reconciler-full")
	apiImage := regexp.MustCompile(`(?m)^\s+image:\s*(\S+everruns-api)\s*$`).FindStringSubmatch(readFile(t, w.file))
	if apiImage == nil {
		t.Fatal("the file has no everruns-api image")
	}
	cases := []struct {
		name  string
		setup func() (file, principal string, undo func())
		check string
		want  []string // in the one error's subject and message
	}{
		{"missing tag", func() (string, string, func()) {
			return w.withTag("api", "v404"), full, func() {}
		}, "images", []string{"service.api", apiImage[1] + ":v404", "MANIFEST_UNKNOWN"}},
		{"secret without a key", func() (string, string, func()) {
			w.putSecret("everruns/production/openai-api-key", `{"apikey":"sk-typo"}`)
			return w.file, full, func() {
				w.putSecret("everruns/production/openai-api-key", fullOperatorValues["everruns/production/openai-api-key"])
			}
		}, "secrets", []string{"everruns/production/openai-api-key", "api_key"}},
		// 16.11 passes validation (it is on the file model's list of minors
		// RDS still creates) but the fake's account does not offer it: the
		// same major, so the policy the role holds still fits.
		{"engine version", func() (string, string, func()) {
			return w.edited(regexp.MustCompile(`engine_version: .*`).FindString(readFile(t, w.file)), `engine_version: "16.11"`), full, func() {}
		}, "database", []string{"16.11", "cannot be created"}},
		{"policy lacks an action", func() (string, string, func()) {
			return w.file, w.role("reconciler-partial", "ecs:RegisterTaskDefinition"), func() {}
		}, "permissions", []string{"ecs:RegisterTaskDefinition", "reconciler-partial", "implicitDeny"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file, principal, undo := c.setup()
			defer undo()
			code, r, errOut := w.verify(file, "--principal", principal)
			errs := r.problems("error")
			if code != cli.ExitError || r.OK || len(errs) != 1 {
				t.Fatalf("verify: exit %d, errors %v; want exit 1 and one error\nstderr:\n%s", code, errs, errOut)
			}
			if !strings.HasPrefix(errs[0], c.check+" ") {
				t.Errorf("error %q, want one of the %s check", errs[0], c.check)
			}
			for _, s := range c.want {
				if !strings.Contains(errs[0], s) {
					t.Errorf("error %q does not name %q", errs[0], s)
				}
			}
			if !strings.Contains(errOut, "1 problem(s) would stop an apply") {
				t.Errorf("stderr %q does not sum the problems up", errOut)
			}
		})
	}
}

// A tag the registry does not have is refused by apply before any
// registration: the service keeps its running revision (no new revision,
// no service update, no rollout to trip the circuit breaker), and apply
// says why, naming the image and the registry's answer.
func TestApplyRefusesAMissingImage(t *testing.T) {
	w := newVerifyWorld(t)
	before := w.revisions()
	file := w.withTag("api", "v404")
	w.f.srv.ResetCalls()
	code, out, errOut := w.run(file, "apply")
	calls := w.f.srv.Calls()
	if calls["ecs:RegisterTaskDefinition"] != 0 || calls["ecs:UpdateService"] != 0 {
		t.Errorf("apply of a missing tag: register %d, update %d; want none (mutations %v)",
			calls["ecs:RegisterTaskDefinition"], calls["ecs:UpdateService"], mutations(calls))
	}
	if after := w.revisions(); !maps.Equal(before, after) {
		t.Errorf("revisions moved: %v → %v", before, after)
	}
	for _, s := range []string{"service.api.task_definition", "v404", "MANIFEST_UNKNOWN"} {
		if !strings.Contains(out, s) || !strings.Contains(errOut, s) {
			t.Errorf("apply's report and stderr do not both name %q (exit %d)\nstdout:\n%s\nstderr:\n%s", s, code, out, errOut)
		}
	}
	if d := w.deployment("everruns-api"); d != "COMPLETED" {
		t.Errorf("api's deployment is %s, want its running one COMPLETED", d)
	}
	t.Logf("apply of a missing tag: exit %d\n%s", code, out)
}

// withTag is the world's file with service's tag changed.
func (w *verifyWorld) withTag(service, tag string) string {
	w.t.Helper()
	body := readFile(w.t, w.file)
	re := regexp.MustCompile(`(?s)(\nservices:\n.*?\n  ` + service + `:\n.*?\n    tag: )(\S+)`)
	if !re.MatchString(body) {
		w.t.Fatalf("the file has no tag for service %s", service)
	}
	return writeFile(w.t, re.ReplaceAllString(body, "${1}"+tag))
}

func (w *verifyWorld) putSecret(name, value string) {
	w.t.Helper()
	_, err := sm.NewFromConfig(fakeawstest.Config(w.f.url)).PutSecretValue(w.t.Context(), &sm.PutSecretValueInput{SecretId: aws.String(name), SecretString: aws.String(value)})
	must(w.t, "PutSecretValue", err)
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	must(t, "read file", err)
	return string(b)
}
