package verify

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"

	"github.com/everruns/reconciler/pkg/desired/names"
)

// checkCertificates finds each certificate of the file among the
// environment's (its identity tags and domain): issued is fine; pending
// validation stops an apply until a person creates the CNAME, which is
// named; not requested yet is a warning (apply requests it, then the CNAME
// is needed).
func checkCertificates(ctx context.Context, c *checker) []Finding {
	if len(c.env.Certificates) == 0 {
		return nil
	}
	api := acm.NewFromConfig(c.cfg)
	found, err := environmentCertificates(ctx, api, c)
	if err != nil {
		return []Finding{warning("certificates", "certificates could not be read: %v", err)}
	}
	var out []Finding
	for _, k := range sortedKeys(c.env.Certificates) {
		domain := c.env.Certificates[k].Domain
		d, ok := found[domain]
		switch {
		case !ok:
			out = append(out, warning(domain, "certificate not requested yet: apply requests it, then waits until a person creates its validation CNAME at the DNS provider"))
		case d.Status == acmtypes.CertificateStatusIssued:
			out = append(out, issued(domain, d))
		default:
			out = append(out, pending(domain, d)...)
		}
	}
	return out
}

func issued(domain string, d *acmtypes.CertificateDetail) Finding {
	if d.NotAfter != nil {
		return ok(domain, "certificate issued, expires %s", d.NotAfter.UTC().Format("2006-01-02"))
	}
	return ok(domain, "certificate issued")
}

// pending names each validation CNAME still to create.
func pending(domain string, d *acmtypes.CertificateDetail) []Finding {
	var out []Finding
	seen := map[string]bool{}
	for _, o := range d.DomainValidationOptions {
		rr := o.ResourceRecord
		if rr == nil || o.ValidationStatus == acmtypes.DomainStatusSuccess || seen[aws.ToString(rr.Name)] {
			continue
		}
		seen[aws.ToString(rr.Name)] = true
		out = append(out, problem(domain, "certificate is %s: create CNAME %s → %s at the DNS provider",
			d.Status, aws.ToString(rr.Name), aws.ToString(rr.Value)))
	}
	if len(out) == 0 {
		out = append(out, problem(domain, "certificate is %s", d.Status))
	}
	return out
}

// environmentCertificates are the environment's live certificates by
// domain: ACM has no tag filter, so each listed certificate's tags are
// read, as the certificate adapter does.
func environmentCertificates(ctx context.Context, api *acm.Client, c *checker) (map[string]*acmtypes.CertificateDetail, error) {
	id := c.env.Identity()
	out := map[string]*acmtypes.CertificateDetail{}
	p := acm.NewListCertificatesPaginator(api, &acm.ListCertificatesInput{
		CertificateStatuses: []acmtypes.CertificateStatus{acmtypes.CertificateStatusPendingValidation, acmtypes.CertificateStatusIssued}})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list certificates: %w", err)
		}
		for _, s := range page.CertificateSummaryList {
			tags, err := api.ListTagsForCertificate(ctx, &acm.ListTagsForCertificateInput{CertificateArn: s.CertificateArn})
			if err != nil {
				return nil, fmt.Errorf("list certificate tags: %w", err)
			}
			if certTag(tags.Tags, names.TagProject) != id.Project || certTag(tags.Tags, names.TagEnvironment) != id.Environment {
				continue
			}
			d, err := api.DescribeCertificate(ctx, &acm.DescribeCertificateInput{CertificateArn: s.CertificateArn})
			if err != nil {
				return nil, fmt.Errorf("describe certificate: %w", err)
			}
			out[aws.ToString(d.Certificate.DomainName)] = d.Certificate
		}
	}
	return out, nil
}

func certTag(tags []acmtypes.Tag, key string) string {
	for _, t := range tags {
		if aws.ToString(t.Key) == key {
			return aws.ToString(t.Value)
		}
	}
	return ""
}
