package e2e

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/everruns/reconciler/internal/cli"
	fakerds "github.com/everruns/reconciler/internal/fakeaws/rds"
)

// The "Done when", through the command line against the fake's
// HTTP endpoint (the same server devcloud runs): from empty, apply over
// network, database, secrets and certificate stops at the operator
// secrets, naming them, their keys and the command to give them values;
// once a person has put the values and created the validation CNAME,
// apply converges, and diff exits 0 with nothing unsupported and only
// reads.
func TestDataTiersConvergeFromEmptyThroughTheCommandLine(t *testing.T) {
	s := newDTSession(t)
	code, out := s.run("apply")
	if code != cli.ExitError {
		t.Fatalf("first apply exit %d, want 1\n%s", code, out)
	}
	for _, want := range []string{
		"value missing: secret everruns/production/openai-api-key has no value; it must hold api_key",
		"aws secretsmanager put-secret-value --secret-id everruns/production/openai-api-key --secret-string '{\"api_key\":\"…\"}'",
		"value missing: secret everruns/production/ghcr has no value; it must hold password, username",
		"aws secretsmanager put-secret-value --secret-id everruns/production/ghcr --secret-string '{\"password\":\"…\",\"username\":\"…\"}'",
		"create CNAME _",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the first apply's output lacks %q\n%s", want, out)
		}
	}
	s.putOperatorValues()
	s.validate()
	s.apply()
	// ACM issues once it sees the CNAME; nothing in scope waits for it.
	eventually(t, "the certificate to be issued", func() bool {
		return s.certificate().Status == acmtypes.CertificateStatusIssued
	})
	calls := s.wantInSyncReadOnly()
	t.Logf("calls of a no-op diff over the data tiers: %v", calls)
	for _, format := range []string{"text", "markdown"} {
		if code, out := s.run("diff", "-o", format); code != cli.ExitOK || !strings.Contains(out, "No changes.") {
			t.Errorf("diff -o %s: exit %d\n%s", format, code, out)
		}
	}
}

// certificate is the one certificate of the fake, whatever its status.
func (s *dtSession) certificate() *acmtypes.CertificateDetail {
	s.t.Helper()
	list, err := s.acm.ListCertificates(s.t.Context(), &acm.ListCertificatesInput{})
	must(s.t, "ListCertificates", err)
	if len(list.CertificateSummaryList) != 1 {
		s.t.Fatalf("%d certificates, want 1", len(list.CertificateSummaryList))
	}
	out, err := s.acm.DescribeCertificate(s.t.Context(), &acm.DescribeCertificateInput{CertificateArn: list.CertificateSummaryList[0].CertificateArn})
	must(s.t, "DescribeCertificate", err)
	return out.Certificate
}

// A file asking what RDS refuses (storage shrunk, the engine downgraded)
// is refused at diff time with the reason, and apply refuses it without
// a single mutating call.
func TestDataTierRefusalsShowInDiffAndAreNeverSent(t *testing.T) {
	s := newDTSession(t)
	s.withFile("allocated_storage_gb: 20", "allocated_storage_gb: 40")
	s.converge()
	parent := s.t
	dbAvailable(t, s.rds)
	const grown = "allocated_storage_gb: 40"
	for _, c := range []struct {
		name, field, reason string
		edit                []string
	}{
		{"storage decrease", "allocated_storage", "RDS storage can only grow", []string{"allocated_storage_gb: 20", "allocated_storage_gb: 30"}},
		{"engine downgrade", "engine_version", "RDS cannot downgrade", []string{"allocated_storage_gb: 20", grown, `engine_version: "16"`, `engine_version: "15"`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s.t = t
			s.withFile(c.edit...)
			s.f.srv.ResetCalls()
			code, r, out := s.diff()
			ch := r.at("database.instance")
			if code != cli.ExitChanges || ch.Action != "refused" || !ch.has(c.field) || !strings.Contains(ch.Reason, c.reason) {
				t.Fatalf("diff: exit %d, database.instance %+v; want refused of %s with %q\n%s", code, ch, c.field, c.reason, out)
			}
			code, out = s.run("apply")
			if code != cli.ExitError || !strings.Contains(out, c.reason) {
				t.Errorf("apply: exit %d, want 1 naming %q\n%s", code, c.reason, out)
			}
			if m := mutations(s.f.srv.Calls()); len(m) > 0 {
				t.Errorf("diff and apply sent %v", m)
			}
		})
	}
	s.t = parent
	dtScan(t, s.out, s.secretValues())
}

// The database secret force-deleted through the API (no recovery
// window): apply makes it again with a new password, sets that password
// on the instance, and completes the secret with the endpoint.
func TestForceDeletedDatabaseSecretIsRegenerated(t *testing.T) {
	s := newDTSession(t)
	s.converge()
	old, _ := s.secret(dtDBSecret)["password"].(string)
	_, err := s.sm.DeleteSecret(t.Context(), &sm.DeleteSecretInput{SecretId: aws.String(dtDBSecret), ForceDeleteWithoutRecovery: aws.Bool(true)})
	must(t, "DeleteSecret", err)
	code, r, out := s.diff()
	if code != cli.ExitChanges || r.at("secrets.database").Action != "create" || r.at("secrets.database.value").Action != "create" {
		t.Fatalf("diff after the force deletion: exit %d, want secrets.database and its value to create\n%s", code, out)
	}
	s.apply()
	v := s.secret(dtDBSecret)
	pw, _ := v["password"].(string)
	if pw == "" || pw == old {
		t.Fatalf("the password was not regenerated")
	}
	for _, k := range []string{"username", "password", "host", "port", "database", "connection_string"} {
		if v[k] == nil || v[k] == "" {
			t.Errorf("the regenerated secret lacks %s (keys %v)", k, keysOf(v))
		}
	}
	ok, err := s.f.srv.Service("rds").(*fakerds.Service).PasswordMatches(dbID, pw)
	if err != nil || !ok {
		t.Errorf("the instance does not take the new password: %v %v", ok, err)
	}
	s.wantInSyncReadOnly()
	dtScan(t, s.out, append(s.secretValues(), old))
}

func keysOf(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
