package metrics

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// operatorMetrics are what an operator alerts on: drift that stays
// unrepaired, and changes AWS is still carrying out.
type operatorMetrics struct {
	RolloutsInProgress prometheus.Gauge // reconciler_rollouts_in_progress
	drift              *driftAges       // reconciler_oldest_drift_age_seconds
}

func newOperatorMetrics() operatorMetrics {
	return operatorMetrics{
		RolloutsInProgress: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "reconciler_rollouts_in_progress",
			Help: "Resources of a kind that is waited for after a change (an ECS service) observed not ready at the last observation: rollouts still going, or stuck.",
		}),
		drift: &driftAges{since: map[string]time.Time{}},
	}
}

func (o *operatorMetrics) collectors() []prometheus.Collector {
	age := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "reconciler_oldest_drift_age_seconds",
		Help: "How long the oldest difference still present at the last observation has been seen, in seconds (0 when in sync). It grows between passes.",
	}, func() float64 { return o.drift.oldest(time.Now()).Seconds() })
	return []prometheus.Collector{o.RolloutsInProgress, age}
}

// driftAges remembers, by address, when a difference was first seen, for
// as long as every observation since has still seen it.
type driftAges struct {
	mu    sync.Mutex
	since map[string]time.Time
}

// observe records the addresses an observation at `at` found different:
// new ones start their age at `at`, those no longer different are
// forgotten (repaired, or removed from the file).
func (d *driftAges) observe(addresses []string, at time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	next := make(map[string]time.Time, len(addresses))
	for _, a := range addresses {
		if first, ok := d.since[a]; ok {
			next[a] = first
		} else {
			next[a] = at
		}
	}
	d.since = next
}

func (d *driftAges) oldest(now time.Time) time.Duration {
	d.mu.Lock()
	defer d.mu.Unlock()
	var age time.Duration
	for _, first := range d.since {
		age = max(age, now.Sub(first))
	}
	return age
}

// ObserveDrift records which addresses differed from the file at the end
// of a complete observation, and how many rollouts were in progress. It is
// called only then: a failed pass leaves the ages growing, since nothing
// says the drift was repaired.
func (m *Metrics) ObserveDrift(addresses []string, rollouts int, at time.Time) {
	m.drift.observe(addresses, at)
	m.RolloutsInProgress.Set(float64(rollouts))
}

// OldestDriftAge is reconciler_oldest_drift_age_seconds at now.
func (m *Metrics) OldestDriftAge(now time.Time) time.Duration { return m.drift.oldest(now) }
