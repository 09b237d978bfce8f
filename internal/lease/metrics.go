package lease

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
)

type metrics struct {
	leader      prometheus.Gauge
	transitions prometheus.Counter
}

func newMetrics(reg prometheus.Registerer) (metrics, error) {
	m := metrics{
		leader: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "reconciler_leader",
			Help: "1 while this replica holds the lease and may act on AWS, else 0.",
		}),
		transitions: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "reconciler_lease_transitions_total",
			Help: "Times this replica gained or lost the lease.",
		}),
	}
	if reg == nil {
		return m, nil
	}
	return m, errors.Join(reg.Register(m.leader), reg.Register(m.transitions))
}
