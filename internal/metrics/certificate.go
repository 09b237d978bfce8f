package metrics

import (
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/everruns/reconciler/internal/pass"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
)

// certificateMetrics follow the certificates' state, which drift does not
// show: one waiting for its DNS record is in sync with the file.
type certificateMetrics struct {
	PendingValidation *prometheus.GaugeVec // reconciler_certificate_pending_validation{address,record_name}
	Expiry            *prometheus.GaugeVec // reconciler_certificate_expiry_timestamp_seconds{address}
}

func newCertificateMetrics() certificateMetrics {
	return certificateMetrics{
		PendingValidation: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "reconciler_certificate_pending_validation",
			Help: "1 for each validation CNAME (by record name) still to create for a certificate waiting for DNS validation; absent once issued.",
		}, []string{"address", "record_name"}),
		Expiry: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "reconciler_certificate_expiry_timestamp_seconds",
			Help: "Unix time at which each issued certificate expires (its NotAfter).",
		}, []string{"address"}),
	}
}

func (c *certificateMetrics) collectors() []prometheus.Collector {
	return []prometheus.Collector{c.PendingValidation, c.Expiry}
}

// ObserveResources records the certificates of a complete observation:
// what was not observed (a certificate deleted) leaves the gauges.
func (m *Metrics) ObserveResources(resources map[desired.Address]pass.Resource) {
	m.PendingValidation.Reset()
	m.Expiry.Reset()
	for addr, r := range resources {
		if r.Kind != names.KindCertificate {
			continue
		}
		if records := r.Attrs[names.AttrCertificateValidationRecords]; records != "" {
			for _, name := range strings.Split(records, ",") {
				m.PendingValidation.WithLabelValues(string(addr), name).Set(1)
			}
		}
		if t, err := time.Parse(time.RFC3339, r.Attrs[names.AttrCertificateNotAfter]); err == nil {
			m.Expiry.WithLabelValues(string(addr)).Set(float64(t.Unix()))
		}
	}
}
