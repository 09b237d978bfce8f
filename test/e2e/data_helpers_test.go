package e2e

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/everruns/reconciler/internal/cli"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

// The data tiers with the network they stand on: the "Done when".
var (
	dtPrefixes = []string{"network", "database", "secrets", "certificate"}
	dtTargets  = []string{"--target", "network", "--target", "database", "--target", "secrets", "--target", "certificate"}
)

const (
	dtDomain   = "poc.everruns.com"
	dtDBSecret = "everruns/production/database"
)

// dtChange is one change of diff's JSON contract, with its reason.
type dtChange struct {
	Address string `json:"address"`
	Kind    string `json:"kind"`
	Action  string `json:"action"`
	Reason  string `json:"reason"`
	Fields  []struct {
		Path string `json:"path"`
	} `json:"fields"`
}

func (c dtChange) has(field string) bool {
	return slices.ContainsFunc(c.Fields, func(f struct {
		Path string `json:"path"`
	}) bool {
		return f.Path == field
	})
}

type dtReport struct {
	Changes     []dtChange `json:"changes"`
	Pending     []dtChange `json:"pending"`
	Unsupported []dtChange `json:"unsupported"`
	InSync      bool       `json:"in_sync"`
}

func (r dtReport) at(addr string) dtChange {
	for _, c := range r.Changes {
		if c.Address == addr {
			return c
		}
	}
	return dtChange{}
}

// dtSession runs the command line over the data tiers against one fake,
// as a person would from a shell, and keeps every output to scan it for
// secret values.
type dtSession struct {
	t    *testing.T
	f    *fake
	sm   *sm.Client
	acm  *acm.Client
	rds  *rds.Client
	file string // the environment file the commands read
	out  []string
}

func newDTSession(t *testing.T) *dtSession {
	f := newFake(t)
	useFake(t, f)
	cfg := fakeawstest.Config(f.url)
	return &dtSession{t: t, f: f, sm: sm.NewFromConfig(cfg), acm: acm.NewFromConfig(cfg), rds: rds.NewFromConfig(cfg), file: envFile}
}

// run runs one command over the data tiers and returns its exit code and
// its stdout and stderr together.
func (s *dtSession) run(args ...string) (int, string) {
	s.t.Helper()
	args = append(append(args, "-f", s.file, "--poll-interval", poll), dtTargets...)
	code, out, errOut := reconciler(s.t.Context(), args...)
	s.out = append(s.out, out, errOut)
	return code, out + errOut
}

// diff runs diff -o json and decodes its report (stdout alone).
func (s *dtSession) diff() (int, dtReport, string) {
	s.t.Helper()
	args := append([]string{"diff", "-o", "json", "-f", s.file, "--poll-interval", poll}, dtTargets...)
	code, out, errOut := reconciler(s.t.Context(), args...)
	s.out = append(s.out, out, errOut)
	var r dtReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		s.t.Fatalf("diff -o json (exit %d) is not JSON: %v\n%s%s", code, err, out, errOut)
	}
	return code, r, out + errOut
}

// withFile makes the commands read the shipped file edited by the
// replacements (old, new, old, new, …), as if a person had changed it.
func (s *dtSession) withFile(replacements ...string) {
	s.t.Helper()
	src, err := os.ReadFile(envFile)
	must(s.t, "read the file", err)
	edited := string(src)
	for i := 0; i+1 < len(replacements); i += 2 {
		before := edited
		if edited = strings.Replace(edited, replacements[i], replacements[i+1], 1); edited == before {
			s.t.Fatalf("the file has no %q", replacements[i])
		}
	}
	s.file = filepath.Join(s.t.TempDir(), "environment.yaml")
	must(s.t, "write the file", os.WriteFile(s.file, []byte(edited), 0o600))
}

func (s *dtSession) apply() {
	s.t.Helper()
	if code, out := s.run("apply"); code != cli.ExitOK {
		s.t.Fatalf("apply exit %d, want 0\n%s", code, out)
	}
}

// converge brings the data tiers up from empty as a person would: the
// first apply stops at the operator secrets with no value, then the person
// puts the values and creates the validation CNAME, and apply converges.
func (s *dtSession) converge() {
	s.t.Helper()
	if code, out := s.run("apply"); code != cli.ExitError {
		s.t.Fatalf("first apply exit %d, want 1 (operator values missing)\n%s", code, out)
	}
	s.putOperatorValues()
	s.validate()
	s.apply()
}

// wantInSyncReadOnly: diff exits 0, in sync, nothing unsupported under
// the data tiers, and only Describe/List/Get calls.
func (s *dtSession) wantInSyncReadOnly() map[string]int {
	s.t.Helper()
	s.f.srv.ResetCalls()
	code, r, out := s.diff()
	if code != cli.ExitOK || !r.InSync || len(r.Changes) != 0 {
		s.t.Fatalf("diff: exit %d, want 0 and in sync\n%s", code, out)
	}
	for _, u := range r.Unsupported {
		for _, p := range dtPrefixes {
			if strings.HasPrefix(u.Address, p) {
				s.t.Errorf("diff reports %s (%s) unsupported", u.Address, u.Kind)
			}
		}
	}
	calls := s.f.srv.Calls()
	if m := mutations(calls); len(m) > 0 {
		s.t.Fatalf("diff made mutating calls %v", m)
	}
	return calls
}

func (s *dtSession) putOperatorValues() {
	for name, v := range scOperatorValues {
		_, err := s.sm.PutSecretValue(s.t.Context(), &sm.PutSecretValueInput{SecretId: aws.String(name), SecretString: aws.String(v)})
		must(s.t, "PutSecretValue", err)
	}
}

// validate creates the certificate's validation CNAME, as a person would
// at the DNS provider: the fake's HTTP hook, as a black-box test of
// devcloud would call it.
func (s *dtSession) validate() {
	s.t.Helper()
	resp, err := http.Post(s.f.url+"/_devcloud/acm/validate?domain="+url.QueryEscape(dtDomain), "", nil)
	must(s.t, "validate hook", err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		s.t.Fatalf("validate hook: %s", resp.Status)
	}
}

// secret is the parsed value of a secret, read as an application would.
func (s *dtSession) secret(name string) map[string]any {
	s.t.Helper()
	out, err := s.sm.GetSecretValue(s.t.Context(), &sm.GetSecretValueInput{SecretId: aws.String(name)})
	must(s.t, "GetSecretValue", err)
	var v map[string]any
	must(s.t, "parse the secret", json.Unmarshal([]byte(aws.ToString(out.SecretString)), &v))
	return v
}

// secretValues are every secret value of the environment: the generated
// database password and the operators' values (usernames are not secret).
func (s *dtSession) secretValues() []string {
	s.t.Helper()
	pw, _ := s.secret(dtDBSecret)["password"].(string)
	if len(pw) < 16 {
		s.t.Fatalf("the database password is %d characters long", len(pw))
	}
	values := []string{pw}
	for _, v := range scOperatorValues {
		var m map[string]string
		_ = json.Unmarshal([]byte(v), &m)
		for k, val := range m {
			if k != "username" {
				values = append(values, val)
			}
		}
	}
	return values
}

// scan fails if any text holds one of the values.
func dtScan(t *testing.T, texts []string, values []string) {
	t.Helper()
	all := strings.Join(texts, "\n")
	if len(all) == 0 {
		t.Fatal("nothing to scan")
	}
	for i, v := range values {
		if strings.Contains(all, v) {
			t.Errorf("secret value #%d (%d characters) reached an output", i, len(v))
		}
	}
}
