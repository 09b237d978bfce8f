package acm

import (
	"testing"
	"time"

	v1 "github.com/aws/aws-sdk-go/service/acm"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// Directory.CertificateStatus is what ELBv2 asks before accepting an HTTPS
// listener: it must follow the same states as DescribeCertificate.
func TestDirectoryCertificateStatus(t *testing.T) {
	clock := core.NewManualClock(time.Unix(0, 0))
	env := &core.Env{Clock: clock, IDs: core.NewIDs(1), Timing: core.Timing{CertificateDNS: time.Minute}, Dir: &core.Directory{}}
	s := New(env)
	out, err := s.requestCertificate(&core.Request{Protocol: core.JSON, Region: "us-east-1",
		Body: []byte(`{"DomainName":"app.example.com","ValidationMethod":"DNS"}`)})
	if err != nil {
		t.Fatalf("requestCertificate: %v", err)
	}
	arn := *out.(*v1.RequestCertificateOutput).CertificateArn
	if st, ok := env.Dir.CertificateStatus(arn); !ok || st != "PENDING_VALIDATION" {
		t.Errorf("before validation: %s %v, want PENDING_VALIDATION", st, ok)
	}
	s.MarkValidated(arn)
	clock.Advance(time.Minute)
	if st, ok := env.Dir.CertificateStatus(arn); !ok || st != "ISSUED" {
		t.Errorf("after validation: %s %v, want ISSUED", st, ok)
	}
	if _, ok := env.Dir.CertificateStatus(arn + "x"); ok {
		t.Error("an unknown certificate was found")
	}
}
