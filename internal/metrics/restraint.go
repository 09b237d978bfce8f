package metrics

import "github.com/prometheus/client_golang/prometheus"

// restraintMetrics say whether the file lets the daemon act: an alert on
// them tells a team the reconciler is paused on purpose, not broken.
type restraintMetrics struct {
	Suspended prometheus.Gauge // reconciler_suspended
	Frozen    prometheus.Gauge // reconciler_frozen
}

func newRestraintMetrics() restraintMetrics {
	return restraintMetrics{
		Suspended: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "reconciler_suspended",
			Help: "1 while the file says reconciler.suspend: true (passes observe only, nothing is repaired), else 0.",
		}),
		Frozen: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "reconciler_frozen",
			Help: "1 while a freeze window of the file is open and the commit does not carry the override token (passes observe only), else 0.",
		}),
	}
}

func (r *restraintMetrics) collectors() []prometheus.Collector {
	return []prometheus.Collector{r.Suspended, r.Frozen}
}

// ObserveRestraint records what the file said of acting at the last pass.
func (m *Metrics) ObserveRestraint(suspended, frozen bool) {
	m.Suspended.Set(b2f(suspended))
	m.Frozen.Set(b2f(frozen))
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
