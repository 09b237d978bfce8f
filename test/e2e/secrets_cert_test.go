package e2e

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/everruns/reconciler/internal/cli"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

// The tiers of this file, without the database secret: its completion
// needs database.instance, whose adapter lives on another branch.
var scTargets = []string{"--target", "secrets.openai", "--target", "secrets.ghcr", "--target", "certificate"}

var scOperatorValues = map[string]string{
	"everruns/production/openai-api-key": `{"api_key":"sk-e2e-OPENAI-value"}`,
	"everruns/production/ghcr":           `{"username":"e2e-bot","password":"ghp-e2e-GHCR-value"}`,
}

// scSession runs the command line on f and keeps every output, to scan
// for secret values at the end.
type scSession struct {
	t   *testing.T
	f   *fake
	sm  *sm.Client
	acm *acm.Client
	out []string
}

func newSCSession(t *testing.T) *scSession {
	f := newFake(t)
	useFake(t, f)
	cfg := fakeawstest.Config(f.url)
	return &scSession{t: t, f: f, sm: sm.NewFromConfig(cfg), acm: acm.NewFromConfig(cfg)}
}

func (s *scSession) run(args ...string) (int, string) {
	s.t.Helper()
	args = append(append(args, "-f", envFile, "--poll-interval", poll), scTargets...)
	code, out, errOut := reconciler(s.t.Context(), args...)
	s.out = append(s.out, out, errOut)
	return code, out + errOut
}

func (s *scSession) diffJSON() (int, report, string) {
	s.t.Helper()
	code, out := s.run("diff", "-o", "json")
	var r report
	_ = json.Unmarshal([]byte(out[:strings.LastIndex(out, "}")+1]), &r)
	return code, r, out
}

func (s *scSession) wantConverged() {
	s.t.Helper()
	if code, out := s.run("apply"); code != cli.ExitOK {
		s.t.Fatalf("apply exit %d\n%s", code, out)
	}
	s.f.srv.ResetCalls()
	code, r, out := s.diffJSON()
	if code != cli.ExitOK || !r.InSync {
		s.t.Fatalf("diff after apply: exit %d\n%s", code, out)
	}
	s.t.Logf("calls of a no-op diff: %v", s.f.srv.Calls())
	if m := mutations(s.f.srv.Calls()); len(m) > 0 {
		s.t.Fatalf("diff made mutating calls %v", m)
	}
}

func (s *scSession) putOperatorValues() {
	for name, v := range scOperatorValues {
		_, err := s.sm.PutSecretValue(s.t.Context(), &sm.PutSecretValueInput{SecretId: aws.String(name), SecretString: aws.String(v)})
		must(s.t, "PutSecretValue", err)
	}
}

// validate creates the validation CNAME, as a person would at the DNS
// provider, through the fake's hook.
func (s *scSession) validate(domain string) {
	resp, err := http.Post(s.f.url+"/_devcloud/acm/validate?domain="+url.QueryEscape(domain), "", nil)
	must(s.t, "validate hook", err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		s.t.Fatalf("validate hook: %s", resp.Status)
	}
}

// scanForValues fails if any output of the session holds a secret value.
func (s *scSession) scanForValues() {
	all := strings.Join(s.out, "\n")
	for name, v := range scOperatorValues {
		var m map[string]string
		_ = json.Unmarshal([]byte(v), &m)
		for k, val := range m {
			if k != "username" && strings.Contains(all, val) {
				s.t.Errorf("the value of %s.%s reached the command line's output", name, k)
			}
		}
	}
}

func TestSecretsAndCertificateConvergeOnceAPersonActs(t *testing.T) {
	s := newSCSession(t)
	code, out := s.run("apply")
	if code != cli.ExitError {
		t.Fatalf("first apply exit %d, want 1 (operator values missing)\n%s", code, out)
	}
	for _, want := range []string{"value missing: secret everruns/production/openai-api-key has no value",
		"put-secret-value --secret-id everruns/production/ghcr --secret-string '{\"password\":\"…\",\"username\":\"…\"}'"} {
		if !strings.Contains(out, want) {
			t.Errorf("apply's output lacks %q\n%s", want, out)
		}
	}
	code, r, out := s.diffJSON()
	if code != cli.ExitChanges || !strings.Contains(out, "create CNAME _") || !strings.Contains(out, `"notes"`) {
		t.Fatalf("diff before a person acts: exit %d\n%s", code, out)
	}
	if !slices.ContainsFunc(r.Changes, func(c struct {
		Address string `json:"address"`
		Kind    string `json:"kind"`
		Action  string `json:"action"`
		Fields  []struct {
			Path string `json:"path"`
		} `json:"fields"`
	}) bool {
		return c.Address == "secrets.openai" && c.Action == "update"
	}) {
		t.Errorf("diff does not report secrets.openai's missing key: %s", out)
	}
	s.putOperatorValues()
	s.validate("poc.everruns.com")
	s.wantConverged()
	s.scanForValues()
}

// Out-of-band changes to these tiers: diff exits 2 naming the address and
// action, apply repairs, diff exits 0 with no mutating call.
func TestSecretsAndCertificateDriftIsRepaired(t *testing.T) {
	s := newSCSession(t)
	s.run("apply")
	s.putOperatorValues()
	s.validate("poc.everruns.com")
	s.wantConverged()
	openai := aws.String("everruns/production/openai-api-key")
	cases := []struct {
		name, address, action string
		mutate                func()
	}{
		{"secret scheduled for deletion", "secrets.openai", "update", func() {
			_, err := s.sm.DeleteSecret(t.Context(), &sm.DeleteSecretInput{SecretId: openai, RecoveryWindowInDays: aws.Int64(7)})
			must(t, "DeleteSecret", err)
		}},
		{"tags removed from a secret", "secrets.openai", "update", func() {
			_, err := s.sm.UntagResource(t.Context(), &sm.UntagResourceInput{SecretId: openai, TagKeys: []string{"ManagedBy", "Name"}})
			must(t, "UntagResource", err)
		}},
		{"certificate deleted", "certificate.main", "create", func() {
			out, err := s.acm.ListCertificates(t.Context(), &acm.ListCertificatesInput{})
			must(t, "ListCertificates", err)
			for _, c := range out.CertificateSummaryList {
				_, err := s.acm.DeleteCertificate(t.Context(), &acm.DeleteCertificateInput{CertificateArn: c.CertificateArn})
				must(t, "DeleteCertificate", err)
			}
		}},
	}
	for _, c := range cases {
		c.mutate()
		code, r, out := s.diffJSON()
		found := false
		for _, ch := range r.Changes {
			found = found || (ch.Address == c.address && ch.Action == c.action)
		}
		if code != cli.ExitChanges || !found {
			t.Fatalf("%s: diff exit %d, want %s %s\n%s", c.name, code, c.action, c.address, out)
		}
		s.wantConverged()
	}
	s.scanForValues()
}
