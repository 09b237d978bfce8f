package acm

import (
	"time"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/acm"
)

const (
	// validity is how long an ACM public certificate lasts (13 months).
	validity = 395 * 24 * time.Hour
	// renewalLead is how long before expiry ACM starts managed renewal
	// (https://docs.aws.amazon.com/acm/latest/userguide/managed-renewal.html).
	renewalLead = 60 * 24 * time.Hour
)

// validityView is the certificate's current validity and renewal state.
type validityView struct {
	notBefore, notAfter time.Time
	summary             *v1.RenewalSummary
}

// renew plays ACM's managed renewal of a DNS-validated certificate issued
// at issued: while the certificate is in use (eligible), renewal starts
// renewalLead before expiry (PENDING_AUTO_RENEWAL) and, the validation
// CNAME being still in place, succeeds d later with a new validity
// (SUCCESS). A certificate not in use is not renewed. The fake keeps the
// validation CNAMEs forever, so renewal never fails.
func renew(issued, now time.Time, d time.Duration, eligible bool) validityView {
	v := validityView{notBefore: issued, notAfter: issued.Add(validity)}
	for eligible {
		start := v.notAfter.Add(-renewalLead)
		if now.Before(start) {
			break
		}
		done := start.Add(d)
		if now.Before(done) {
			v.summary = &v1.RenewalSummary{RenewalStatus: aws.String(v1.RenewalStatusPendingAutoRenewal), UpdatedAt: aws.Time(start)}
			break
		}
		v.notBefore, v.notAfter = done, done.Add(validity)
		v.summary = &v1.RenewalSummary{RenewalStatus: aws.String(v1.RenewalStatusSuccess), UpdatedAt: aws.Time(done)}
	}
	return v
}
