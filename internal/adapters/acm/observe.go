package acm

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	"github.com/aws/aws-sdk-go-v2/service/acm/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// liveStatuses are the statuses of a certificate that is, or may become,
// usable. The others (VALIDATION_TIMED_OUT, FAILED, EXPIRED, REVOKED,
// INACTIVE) are end of life: absent, so the next apply requests a new one.
// ListCertificates lists every status when none is given; naming these
// spares a tag read per dead certificate. Its default key-type filter
// (RSA_2048) is the key type RequestCertificate defaults to.
var liveStatuses = []types.CertificateStatus{types.CertificateStatusPendingValidation, types.CertificateStatusIssued}

type tagged struct {
	arn  string
	tags map[string]string
}

// Observe lists the certificates, then reads each one's tags: ACM has no
// tag filter on ListCertificates, so this is one ListTagsForCertificate
// per certificate of the account and region (the documented exception to
// one read per kind; in a pass, the tagging index answers them), and one
// DescribeCertificate per certificate claimed (the listing has neither
// the validation records nor the renewal). In a pass whose tagging index
// names a live certificate the identity claims, those it names are
// described and nothing is listed (fromIndex).
func (k *Kind) Observe(ctx context.Context, id desired.Identity) (kit.Observation, error) {
	if obs, ok, err := k.fromIndex(ctx, id); ok || err != nil {
		return obs, err
	}
	var items []tagged
	p := acm.NewListCertificatesPaginator(k.api, &acm.ListCertificatesInput{CertificateStatuses: liveStatuses})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list certificates: %w", err)
		}
		for _, s := range page.CertificateSummaryList {
			arn := aws.ToString(s.CertificateArn)
			out, err := k.api.ListTagsForCertificate(ctx, &acm.ListTagsForCertificateInput{CertificateArn: aws.String(arn)})
			if Errors.IsNotFound(err) {
				continue // deleted since the listing
			}
			if err != nil {
				return nil, fmt.Errorf("list certificate tags: %w", err)
			}
			items = append(items, tagged{arn: arn, tags: tagMap(out.Tags)})
		}
	}
	return kit.Collect(ctx, id, "certificates", kit.Items(items), func(t tagged) map[string]string { return t.tags }, k.observe)
}

// fromIndex observes the certificates the pass's tagging index says the
// identity claims (any address). ok is false, and the certificates are
// listed instead, when the index names none that is live: the index can
// lag behind a certificate just requested.
func (k *Kind) fromIndex(ctx context.Context, id desired.Identity) (kit.Observation, bool, error) {
	indexed, err := k.index.OfType(ctx, "acm", "certificate")
	if err != nil || len(indexed) == 0 {
		return nil, false, err
	}
	var items []tagged
	for _, arn := range slices.Sorted(maps.Keys(indexed)) {
		if kit.Claim(id, indexed[arn]) != "" {
			items = append(items, tagged{arn: arn, tags: indexed[arn]})
		}
	}
	if len(items) == 0 {
		return nil, false, nil
	}
	obs, err := kit.Collect(ctx, id, "certificates", kit.Items(items), func(t tagged) map[string]string { return t.tags }, k.observe)
	if err != nil || len(obs) == 0 {
		return nil, false, err
	}
	return obs, true, nil
}

func (k *Kind) observe(ctx context.Context, t tagged) (reconcile.Live, bool, error) {
	d, err := k.describe(ctx, t.arn)
	if Errors.IsNotFound(err) {
		return reconcile.Live{}, false, nil
	}
	if err != nil {
		return reconcile.Live{}, false, err
	}
	if !slices.Contains(liveStatuses, d.Status) {
		return reconcile.Live{}, false, nil
	}
	return k.live(d, t.tags), true, nil
}

func (k *Kind) describe(ctx context.Context, arn string) (*types.CertificateDetail, error) {
	out, err := k.api.DescribeCertificate(ctx, &acm.DescribeCertificateInput{CertificateArn: aws.String(arn)})
	if err != nil {
		return nil, fmt.Errorf("describe certificate: %w", err)
	}
	return out.Certificate, nil
}

// live maps a certificate: Ready only when ISSUED; the validation records
// to create, the expiry and the renewal are Notes.
func (k *Kind) live(d *types.CertificateDetail, tags map[string]string) reconcile.Live {
	arn, domain := aws.ToString(d.CertificateArn), aws.ToString(d.DomainName)
	sans := desired.Set{}
	for _, n := range d.SubjectAlternativeNames {
		if n != domain {
			sans = append(sans, n)
		}
	}
	method := ""
	if len(d.DomainValidationOptions) > 0 {
		method = string(d.DomainValidationOptions[0].ValidationMethod)
	}
	l := reconcile.Live{ID: arn, Attrs: map[string]string{"arn": arn}, Status: string(d.Status),
		Ready: d.Status == types.CertificateStatusIssued, Notes: k.notes(d),
		Fields: map[string]any{
			names.Certificate.DomainName:              domain,
			names.Certificate.SubjectAlternativeNames: sans,
			names.Certificate.ValidationMethod:        method,
			names.Certificate.Tags:                    kit.Observed(tags),
		}}
	if d.Status == types.CertificateStatusPendingValidation {
		// Only a person can create the DNS records: apply waits for them
		// (--wait), the daemon does not (reconcile.ApplyOptions.NoWaitForPeople).
		l.NeedsPerson = strings.Join(l.Notes, "; ")
		if l.NeedsPerson == "" {
			l.NeedsPerson = "waiting for DNS validation"
		}
	}
	if d.NotAfter != nil {
		l.Attrs[names.AttrCertificateNotAfter] = d.NotAfter.UTC().Format(time.RFC3339)
	}
	if records := validationRecordNames(d); records != "" {
		l.Attrs[names.AttrCertificateValidationRecords] = records
	}
	return l
}

func tagMap(tags []types.Tag) map[string]string {
	out := make(map[string]string, len(tags))
	for _, t := range tags {
		out[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return out
}
