package acm_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/acm/types"
)

var (
	arnShape   = regexp.MustCompile(`^arn:aws:acm:us-east-1:123456789012:certificate/[0-9a-f-]{36}$`)
	nameShape  = regexp.MustCompile(`^_[0-9a-f]{32}\.app\.example\.com\.$`)
	valueShape = regexp.MustCompile(`^_[0-9a-f]{32}\.acm-validations\.aws\.$`)
)

// https://docs.aws.amazon.com/acm/latest/APIReference/API_RequestCertificate.html
// https://docs.aws.amazon.com/acm/latest/APIReference/API_DomainValidation.html
// A DNS-validated request is PENDING_VALIDATION with one CNAME per domain.
func TestRequestCertificateDNSValidation(t *testing.T) {
	e := start(t)
	arn := e.request(t, "app.example.com", "www.example.com")
	if !arnShape.MatchString(arn) {
		t.Errorf("ARN = %s", arn)
	}
	c := e.describe(t, arn)
	if c.Status != types.CertificateStatusPendingValidation {
		t.Errorf("Status = %s, want PENDING_VALIDATION", c.Status)
	}
	if len(c.SubjectAlternativeNames) != 2 || c.SubjectAlternativeNames[0] != "app.example.com" {
		t.Errorf("SubjectAlternativeNames = %v, want the domain first, then www", c.SubjectAlternativeNames)
	}
	if len(c.DomainValidationOptions) != 2 {
		t.Fatalf("DomainValidationOptions = %d, want one per domain", len(c.DomainValidationOptions))
	}
	v := c.DomainValidationOptions[0]
	rr := v.ResourceRecord
	if rr == nil || rr.Type != types.RecordTypeCname || !nameShape.MatchString(aws.ToString(rr.Name)) || !valueShape.MatchString(aws.ToString(rr.Value)) {
		t.Errorf("ResourceRecord = %+v, want CNAME _<hash>.app.example.com. → _<hash>.acm-validations.aws.", rr)
	}
	if v.ValidationStatus != types.DomainStatusPendingValidation || v.ValidationMethod != types.ValidationMethodDns {
		t.Errorf("validation %s by %s, want PENDING_VALIDATION by DNS", v.ValidationStatus, v.ValidationMethod)
	}
}

// https://docs.aws.amazon.com/acm/latest/userguide/dns-validation.html
// https://docs.aws.amazon.com/acm/latest/APIReference/API_CertificateDetail.html
// ISSUED only once the CNAME exists and the validation time has passed;
// time alone does nothing.
func TestCertificateIssuedAfterCNAME(t *testing.T) {
	e := start(t)
	arn := e.request(t, "app.example.com")
	e.srv.Clock().Advance(24 * dns)
	if got := e.describe(t, arn).Status; got != types.CertificateStatusPendingValidation {
		t.Fatalf("without the CNAME: %s, want PENDING_VALIDATION", got)
	}
	if !e.fake().MarkValidated(arn) {
		t.Fatal("MarkValidated: certificate unknown")
	}
	e.srv.Clock().Advance(dns - 1)
	if got := e.describe(t, arn).Status; got != types.CertificateStatusPendingValidation {
		t.Errorf("just before validation ends: %s, want PENDING_VALIDATION", got)
	}
	e.srv.Clock().Advance(1)
	c := e.describe(t, arn)
	if c.Status != types.CertificateStatusIssued || c.IssuedAt == nil || c.NotAfter == nil {
		t.Errorf("Status %s IssuedAt %v NotAfter %v, want ISSUED with dates", c.Status, c.IssuedAt, c.NotAfter)
	}
	if got := c.DomainValidationOptions[0].ValidationStatus; got != types.DomainStatusSuccess {
		t.Errorf("ValidationStatus = %s, want SUCCESS", got)
	}
}

// The test hook POST /_devcloud/acm/validate?arn= or ?domain= records the
// CNAME; a certificate with two domains needs both.
func TestValidateHook(t *testing.T) {
	e := start(t)
	arn := e.request(t, "app.example.com", "api.example.com")
	post := func(q url.Values) {
		t.Helper()
		resp, err := http.Post(e.endpoint+"/_devcloud/acm/validate?"+q.Encode(), "", nil)
		if err != nil {
			t.Fatalf("hook: %v", err)
		}
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusNoContent {
			t.Fatalf("hook %v: status %d", q, resp.StatusCode)
		}
	}
	post(url.Values{"domain": {"app.example.com"}})
	e.srv.Clock().Advance(dns)
	if got := e.describe(t, arn).Status; got != types.CertificateStatusPendingValidation {
		t.Errorf("one of two domains validated: %s, want PENDING_VALIDATION", got)
	}
	post(url.Values{"arn": {arn}})
	e.srv.Clock().Advance(dns)
	if got := e.describe(t, arn).Status; got != types.CertificateStatusIssued {
		t.Errorf("both validated: %s, want ISSUED", got)
	}
}

// https://docs.aws.amazon.com/acm/latest/APIReference/API_RequestCertificate.html
// (IdempotencyToken: the same token within an hour returns the same ARN)
func TestRequestCertificateIdempotencyToken(t *testing.T) {
	e := start(t)
	req := func(token string) string {
		out, err := e.acm.RequestCertificate(t.Context(), &acm.RequestCertificateInput{
			DomainName: aws.String("app.example.com"), ValidationMethod: types.ValidationMethodDns, IdempotencyToken: aws.String(token),
		})
		if err != nil {
			t.Fatalf("RequestCertificate: %v", err)
		}
		return aws.ToString(out.CertificateArn)
	}
	a, b, c := req("tok1"), req("tok1"), req("tok2")
	if a != b || a == c {
		t.Errorf("ARNs %s %s %s, want the first two equal and the third new", a, b, c)
	}
}

// https://docs.aws.amazon.com/acm/latest/APIReference/API_DescribeCertificate.html
// https://docs.aws.amazon.com/acm/latest/APIReference/API_DeleteCertificate.html
// (Errors: ResourceNotFoundException, InvalidArnException)
func TestDeleteAndNotFound(t *testing.T) {
	e := start(t)
	arn := e.request(t, "app.example.com")
	if _, err := e.acm.DeleteCertificate(t.Context(), &acm.DeleteCertificateInput{CertificateArn: aws.String(arn)}); err != nil {
		t.Fatalf("DeleteCertificate: %v", err)
	}
	_, err := e.acm.DescribeCertificate(t.Context(), &acm.DescribeCertificateInput{CertificateArn: aws.String(arn)})
	wantCode(t, err, "ResourceNotFoundException")
	_, err = e.acm.DeleteCertificate(t.Context(), &acm.DeleteCertificateInput{CertificateArn: aws.String(arn)})
	wantCode(t, err, "ResourceNotFoundException")
	_, err = e.acm.DescribeCertificate(t.Context(), &acm.DescribeCertificateInput{CertificateArn: aws.String("arn:aws:iam::123456789012:role/not-a-cert")})
	wantCode(t, err, "InvalidArnException")
}
