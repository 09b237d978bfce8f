package metrics

import (
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/everruns/reconciler/internal/pass"
	"github.com/everruns/reconciler/pkg/desired"
)

const certAddr = "certificate.main"

func TestACertificateWaitingForValidationIsPendingByRecordName(t *testing.T) {
	m := New("test")
	m.ObserveResources(map[desired.Address]pass.Resource{
		certAddr: {Kind: "acm.certificate", Status: "PENDING_VALIDATION",
			Attrs: map[string]string{"validation_record_names": "_a.poc.everruns.com.,_b.api.everruns.com."}},
		"database.instance": {Kind: "rds.db_instance", Attrs: map[string]string{"not_after": "2030-01-01T00:00:00Z"}},
	})
	want := `
# HELP reconciler_certificate_pending_validation 1 for each validation CNAME (by record name) still to create for a certificate waiting for DNS validation; absent once issued.
# TYPE reconciler_certificate_pending_validation gauge
reconciler_certificate_pending_validation{address="certificate.main",record_name="_a.poc.everruns.com."} 1
reconciler_certificate_pending_validation{address="certificate.main",record_name="_b.api.everruns.com."} 1
`
	if err := testutil.CollectAndCompare(m.PendingValidation, strings.NewReader(want)); err != nil {
		t.Error(err)
	}
	if n := testutil.CollectAndCount(m.Expiry); n != 0 {
		t.Errorf("%d expiry series for a certificate not issued and a database", n)
	}
}

func TestAnIssuedCertificateReportsItsExpiryAndNoLongerPending(t *testing.T) {
	m := New("test")
	m.ObserveResources(map[desired.Address]pass.Resource{
		certAddr: {Kind: "acm.certificate", Attrs: map[string]string{"validation_record_names": "_a.poc.everruns.com."}}})
	notAfter := time.Date(2027, 2, 1, 12, 0, 0, 0, time.UTC)
	m.ObserveResources(map[desired.Address]pass.Resource{
		certAddr: {Kind: "acm.certificate", Status: "ISSUED", Attrs: map[string]string{"not_after": notAfter.Format(time.RFC3339)}}})
	if n := testutil.CollectAndCount(m.PendingValidation); n != 0 {
		t.Errorf("%d pending series after issue, want none", n)
	}
	if got := testutil.ToFloat64(m.Expiry.WithLabelValues(certAddr)); got != float64(notAfter.Unix()) {
		t.Errorf("expiry %v, want %d", got, notAfter.Unix())
	}
	// Deleted: a certificate not observed leaves the gauges.
	m.ObserveResources(nil)
	if n := testutil.CollectAndCount(m.Expiry); n != 0 {
		t.Errorf("%d expiry series after the certificate is gone", n)
	}
}
