package acm

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm/types"
)

// expiryWarning is how close to expiry a certificate draws a warning. ACM
// starts managed renewal 60 days before expiry; still unrenewed 30 days
// before, it needs a person (its validation CNAME gone, or not in use).
const expiryWarning = 30 * 24 * time.Hour

// notes are what a person must know: while the certificate waits for
// validation, the CNAME records to create; once issued, its expiry and
// renewal, with a warning when expiry is near.
func (k *Kind) notes(d *types.CertificateDetail) []string {
	if d.Status == types.CertificateStatusPendingValidation {
		return validationNotes(d.DomainValidationOptions)
	}
	if d.NotAfter == nil {
		return nil
	}
	out := []string{fmt.Sprintf("expires %s; renewal %s%s", d.NotAfter.UTC().Format(time.RFC3339), renewal(d), ineligibleInUse(d))}
	if left := d.NotAfter.Sub(k.now()); left < expiryWarning {
		unused := ""
		if len(d.InUseBy) == 0 {
			unused = " (not in use by any AWS service: ACM renews only certificates in use)"
		}
		out = append(out, fmt.Sprintf("WARNING: certificate for %s expires in %d days, on %s; renewal %s%s",
			aws.ToString(d.DomainName), int(left.Hours()/24), d.NotAfter.UTC().Format(time.RFC3339), renewal(d), unused))
	}
	return out
}

// validationNotes name each CNAME still to create, once: a wildcard and
// its base domain share one record.
func validationNotes(opts []types.DomainValidation) []string {
	var out []string
	for _, o := range pendingRecords(opts) {
		rr := o.ResourceRecord
		out = append(out, fmt.Sprintf("create CNAME %s → %s to validate %s", aws.ToString(rr.Name), aws.ToString(rr.Value), aws.ToString(o.DomainName)))
	}
	return out
}

// pendingRecords are the validations whose CNAME is still to create, one
// per record name.
func pendingRecords(opts []types.DomainValidation) []types.DomainValidation {
	var out []types.DomainValidation
	var seen []string
	for _, o := range opts {
		rr := o.ResourceRecord
		if rr == nil || o.ValidationStatus == types.DomainStatusSuccess || slices.Contains(seen, aws.ToString(rr.Name)) {
			continue
		}
		seen = append(seen, aws.ToString(rr.Name))
		out = append(out, o)
	}
	return out
}

func validationRecordNames(d *types.CertificateDetail) string {
	if d.Status != types.CertificateStatusPendingValidation {
		return ""
	}
	var out []string
	for _, o := range pendingRecords(d.DomainValidationOptions) {
		out = append(out, aws.ToString(o.ResourceRecord.Name))
	}
	return strings.Join(out, ",")
}

func renewal(d *types.CertificateDetail) string {
	if d.RenewalSummary == nil {
		return "not started"
	}
	return string(d.RenewalSummary.RenewalStatus)
}

// ineligibleInUse names the renewal eligibility only when it is a fact
// to act on: INELIGIBLE while in use. A certificate is INELIGIBLE from its
// issue until a service uses it, then ELIGIBLE (ACM, "Managed certificate
// renewal"): the first apply issues it and creates the listener that uses
// it seconds later, so reporting the state then would show it flip from
// one pass to the next; an issued certificate that stays unused is
// caught by the expiry warning, which says so.
func ineligibleInUse(d *types.CertificateDetail) string {
	if d.RenewalEligibility == types.RenewalEligibilityIneligible && len(d.InUseBy) > 0 {
		return " (renewal eligibility INELIGIBLE although in use)"
	}
	return ""
}
