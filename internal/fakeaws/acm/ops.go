package acm

import (
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/acm"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// requestCertificate follows
// https://docs.aws.amazon.com/acm/latest/APIReference/API_RequestCertificate.html
// The same IdempotencyToken within an hour returns the same certificate.
func (s *Service) requestCertificate(r *core.Request) (any, error) {
	var in v1.RequestCertificateInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	domain := aws.StringValue(in.DomainName)
	if domain == "" {
		return nil, core.BadRequest("ValidationException", "1 validation error detected: Value null at 'domainName' failed to satisfy constraint: Member must not be null")
	}
	method := aws.StringValue(in.ValidationMethod)
	if method == "" {
		method = v1.ValidationMethodEmail // the API's default
	}
	sans := []string{domain}
	for _, n := range aws.StringValueSlice(in.SubjectAlternativeNames) {
		if !slices.Contains(sans, n) {
			sans = append(sans, n)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.env.Clock.Now()
	if tok := aws.StringValue(in.IdempotencyToken); tok != "" {
		for _, c := range s.certs {
			if c.token == tok && c.domain == domain && now.Sub(c.created) < time.Hour {
				return &v1.RequestCertificateOutput{CertificateArn: aws.String(c.arn)}, nil
			}
		}
	}
	c := &certificate{
		arn:    core.ARN("acm", r.Region, "certificate/"+s.env.IDs.UUID()),
		domain: domain, method: method, token: aws.StringValue(in.IdempotencyToken),
		sans: sans, created: now,
	}
	c.setTags(in.Tags)
	s.certs[c.arn] = c
	return &v1.RequestCertificateOutput{CertificateArn: aws.String(c.arn)}, nil
}

// describeCertificate follows
// https://docs.aws.amazon.com/acm/latest/APIReference/API_DescribeCertificate.html
func (s *Service) describeCertificate(r *core.Request) (any, error) {
	var in v1.DescribeCertificateInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	users := s.users(aws.StringValue(in.CertificateArn))
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.lookup(in.CertificateArn)
	if err != nil {
		return nil, err
	}
	return &v1.DescribeCertificateOutput{Certificate: c.detail(s.env.Clock.Now(), s.env.Timing.CertificateDNS, s.cnames, users)}, nil
}

// listCertificates follows
// https://docs.aws.amazon.com/acm/latest/APIReference/API_ListCertificates.html
// Without CertificateStatuses every status is listed.
func (s *Service) listCertificates(r *core.Request) (any, error) {
	var in v1.ListCertificatesInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	arns := make([]string, 0, len(s.certs))
	for arn := range s.certs {
		arns = append(arns, arn)
	}
	s.mu.Unlock()
	users := map[string][]string{}
	for _, arn := range arns {
		users[arn] = s.users(arn)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now, d := s.env.Clock.Now(), s.env.Timing.CertificateDNS
	want := aws.StringValueSlice(in.CertificateStatuses)
	var match []*certificate
	for _, c := range s.sorted() {
		if len(want) == 0 || slices.Contains(want, c.status(now, d, s.cnames)) {
			match = append(match, c)
		}
	}
	start, end, next, err := core.Page(len(match), aws.StringValue(in.NextToken), int(aws.Int64Value(in.MaxItems)), 1000)
	if err != nil {
		return nil, core.BadRequest("InvalidArgsException", "The NextToken is invalid.")
	}
	out := &v1.ListCertificatesOutput{CertificateSummaryList: []*v1.CertificateSummary{}}
	for _, c := range match[start:end] {
		out.CertificateSummaryList = append(out.CertificateSummaryList, c.summary(now, d, s.cnames, users[c.arn]))
	}
	if next != "" {
		out.NextToken = aws.String(next)
	}
	return out, nil
}

// deleteCertificate follows
// https://docs.aws.amazon.com/acm/latest/APIReference/API_DeleteCertificate.html
// A certificate that a load balancer's listener uses cannot be deleted
// (ResourceInUseException).
func (s *Service) deleteCertificate(r *core.Request) (any, error) {
	var in v1.DeleteCertificateInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	users := s.users(aws.StringValue(in.CertificateArn))
	s.mu.Lock()
	defer s.mu.Unlock()
	c, err := s.lookup(in.CertificateArn)
	if err != nil {
		return nil, err
	}
	if len(users) > 0 {
		return nil, core.BadRequest("ResourceInUseException", "Certificate %s in account %s is in use.", c.arn, core.AccountID)
	}
	delete(s.certs, c.arn)
	return &v1.DeleteCertificateOutput{}, nil
}

// users asks ELBv2 which load balancers use the certificate. It is called
// without s.mu held: ELBv2 asks ACM for certificate status under its own
// lock, so holding ours here could deadlock.
func (s *Service) users(arn string) []string {
	if s.env.Dir.CertificateUsers == nil {
		return nil
	}
	return s.env.Dir.CertificateUsers(arn)
}

// lookup finds a certificate by ARN: a malformed ARN is
// InvalidArnException, an unknown one ResourceNotFoundException. The caller
// holds s.mu.
func (s *Service) lookup(arn *string) (*certificate, error) {
	a := aws.StringValue(arn)
	if !strings.HasPrefix(a, "arn:aws:acm:") || !strings.Contains(a, ":certificate/") {
		return nil, core.BadRequest("InvalidArnException", "String '%s' is not a valid ARN.", a)
	}
	c, ok := s.certs[a]
	if !ok {
		return nil, core.BadRequest("ResourceNotFoundException", "Could not find certificate %s.", a)
	}
	return c, nil
}
