package acm

import (
	"slices"
	"time"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/acm"
)

type certificate struct {
	arn, domain, method, token string
	sans                       []string // DomainName first, as ACM lists it
	tags                       []*v1.Tag
	created                    time.Time
}

func (c *certificate) domains() []string { return c.sans }

// validatedAt is when one domain's validation succeeds: CertificateDNS
// after both the request and the CNAME exist. ok is false while the CNAME
// does not exist or for email validation, which this fake never completes.
func (c *certificate) validatedAt(domain string, d time.Duration, cnames map[string]time.Time) (time.Time, bool) {
	if c.method != v1.ValidationMethodDns {
		return time.Time{}, false
	}
	name, _ := validationRecord(domain)
	at, ok := cnames[name]
	if !ok {
		return time.Time{}, false
	}
	if at.Before(c.created) {
		at = c.created
	}
	return at.Add(d), true
}

// issuedAt is when every domain is validated.
func (c *certificate) issuedAt(now time.Time, d time.Duration, cnames map[string]time.Time) (time.Time, bool) {
	var last time.Time
	for _, dom := range c.sans {
		at, ok := c.validatedAt(dom, d, cnames)
		if !ok || now.Before(at) {
			return time.Time{}, false
		}
		if at.After(last) {
			last = at
		}
	}
	return last, true
}

func (c *certificate) status(now time.Time, d time.Duration, cnames map[string]time.Time) string {
	if _, ok := c.issuedAt(now, d, cnames); ok {
		return v1.CertificateStatusIssued
	}
	return v1.CertificateStatusPendingValidation
}

// detail is the certificate as DescribeCertificate shows it; users are the
// ARNs of the resources that use it (InUseBy).
func (c *certificate) detail(now time.Time, d time.Duration, cnames map[string]time.Time, users []string) *v1.CertificateDetail {
	out := &v1.CertificateDetail{
		CertificateArn:          aws.String(c.arn),
		DomainName:              aws.String(c.domain),
		SubjectAlternativeNames: aws.StringSlice(c.sans),
		Status:                  aws.String(c.status(now, d, cnames)),
		Type:                    aws.String(v1.CertificateTypeAmazonIssued),
		KeyAlgorithm:            aws.String(v1.KeyAlgorithmRsa2048),
		CreatedAt:               aws.Time(c.created),
		InUseBy:                 aws.StringSlice(append([]string{}, users...)),
		RenewalEligibility:      aws.String(v1.RenewalEligibilityIneligible),
	}
	for _, dom := range c.sans {
		out.DomainValidationOptions = append(out.DomainValidationOptions, c.validation(dom, now, d, cnames))
	}
	if issued, ok := c.issuedAt(now, d, cnames); ok {
		out.IssuedAt, out.Issuer = aws.Time(issued), aws.String("Amazon")
		v := renew(issued, now, d, len(users) > 0)
		out.NotBefore, out.NotAfter, out.RenewalSummary = aws.Time(v.notBefore), aws.Time(v.notAfter), v.summary
		if len(users) > 0 {
			out.RenewalEligibility = aws.String(v1.RenewalEligibilityEligible)
		}
		if out.RenewalSummary != nil {
			out.RenewalSummary.DomainValidationOptions = out.DomainValidationOptions
		}
	}
	return out
}

func (c *certificate) validation(domain string, now time.Time, d time.Duration, cnames map[string]time.Time) *v1.DomainValidation {
	v := &v1.DomainValidation{
		DomainName:       aws.String(domain),
		ValidationDomain: aws.String(domain),
		ValidationMethod: aws.String(c.method),
		ValidationStatus: aws.String(v1.DomainStatusPendingValidation),
	}
	if at, ok := c.validatedAt(domain, d, cnames); ok && !now.Before(at) {
		v.ValidationStatus = aws.String(v1.DomainStatusSuccess)
	}
	if c.method == v1.ValidationMethodDns {
		name, value := validationRecord(domain)
		v.ResourceRecord = &v1.ResourceRecord{Name: aws.String(name), Type: aws.String(v1.RecordTypeCname), Value: aws.String(value)}
	}
	return v
}

func (c *certificate) summary(now time.Time, d time.Duration, cnames map[string]time.Time, users []string) *v1.CertificateSummary {
	det := c.detail(now, d, cnames, users)
	return &v1.CertificateSummary{
		CertificateArn:                  det.CertificateArn,
		DomainName:                      det.DomainName,
		SubjectAlternativeNameSummaries: det.SubjectAlternativeNames,
		Status:                          det.Status,
		Type:                            det.Type,
		KeyAlgorithm:                    det.KeyAlgorithm,
		CreatedAt:                       det.CreatedAt,
		IssuedAt:                        det.IssuedAt,
		NotBefore:                       det.NotBefore,
		NotAfter:                        det.NotAfter,
		InUse:                           aws.Bool(len(users) > 0),
		RenewalEligibility:              det.RenewalEligibility,
	}
}

func (c *certificate) setTags(tags []*v1.Tag) {
	for _, t := range tags {
		i := slices.IndexFunc(c.tags, func(x *v1.Tag) bool { return aws.StringValue(x.Key) == aws.StringValue(t.Key) })
		if i >= 0 {
			c.tags[i] = t
		} else {
			c.tags = append(c.tags, t)
		}
	}
}

// removeTags drops each tag by key, and only when its value matches if the
// request gives one (RemoveTagsFromCertificate).
func (c *certificate) removeTags(tags []*v1.Tag) {
	c.tags = slices.DeleteFunc(c.tags, func(x *v1.Tag) bool {
		return slices.ContainsFunc(tags, func(t *v1.Tag) bool {
			return aws.StringValue(t.Key) == aws.StringValue(x.Key) && (t.Value == nil || aws.StringValue(t.Value) == aws.StringValue(x.Value))
		})
	})
}
