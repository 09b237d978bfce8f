package acm_test

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/acm/types"
	"github.com/aws/smithy-go"

	"github.com/everruns/reconciler/internal/fakeaws"
	fakeacm "github.com/everruns/reconciler/internal/fakeaws/acm"
	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

// dns is how long validation takes once the CNAME exists, in these tests.
const dns = 5 * time.Minute

type env struct {
	srv      *fakeaws.Server
	acm      *acm.Client
	endpoint string
}

func start(t *testing.T) env {
	t.Helper()
	srv, cfg := fakeawstest.Start(t, fakeaws.WithTiming(core.Timing{CertificateDNS: dns}))
	return env{srv: srv, acm: acm.NewFromConfig(cfg), endpoint: aws.ToString(cfg.BaseEndpoint)}
}

func (e env) fake() *fakeacm.Service { return e.srv.Service("acm").(*fakeacm.Service) }

func (e env) request(t *testing.T, domain string, sans ...string) string {
	t.Helper()
	out, err := e.acm.RequestCertificate(t.Context(), &acm.RequestCertificateInput{
		DomainName: aws.String(domain), SubjectAlternativeNames: sans, ValidationMethod: types.ValidationMethodDns,
	})
	if err != nil {
		t.Fatalf("RequestCertificate %s: %v", domain, err)
	}
	return aws.ToString(out.CertificateArn)
}

func (e env) describe(t *testing.T, arn string) *types.CertificateDetail {
	t.Helper()
	out, err := e.acm.DescribeCertificate(t.Context(), &acm.DescribeCertificateInput{CertificateArn: aws.String(arn)})
	if err != nil {
		t.Fatalf("DescribeCertificate: %v", err)
	}
	return out.Certificate
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v, want API error %s", err, code)
	}
	if apiErr.ErrorCode() != code {
		t.Fatalf("error code = %s (%v), want %s", apiErr.ErrorCode(), err, code)
	}
}
