package metrics

import (
	"sync"

	"github.com/prometheus/client_golang/prometheus"
)

// RolloutCounts is what the workload adapter counted of the rollouts it saw
// end: by service and result ("succeeded", "failed"), and for each service
// whose last rollout failed, the revision ("family:rev") that failed.
type RolloutCounts struct {
	Totals func() map[[2]string]int // {service, result} → count
	Failed func() map[string]string // service → revision
}

// rollouts exports the counts at scrape time: they live in the adapter,
// which outlasts passes, so there is nothing to copy after each pass.
type rollouts struct {
	mu     sync.Mutex
	counts RolloutCounts
	total  *prometheus.Desc
	failed *prometheus.Desc
}

func newRollouts() *rollouts {
	return &rollouts{
		total: prometheus.NewDesc("reconciler_rollouts_total",
			"ECS rollouts started while this process ran and seen to end, by ECS service and result (succeeded, failed).", []string{"ecs_service", "result"}, nil),
		failed: prometheus.NewDesc("reconciler_rollout_failed_revision",
			"1 for each ECS service whose last rollout failed, labelled with the task definition revision that failed.", []string{"ecs_service", "revision"}, nil),
	}
}

// SetRollouts points the rollout metrics at the adapter's counts (again
// whenever the engine is rebuilt).
func (m *Metrics) SetRollouts(c RolloutCounts) {
	m.rollouts.mu.Lock()
	defer m.rollouts.mu.Unlock()
	m.rollouts.counts = c
}

func (r *rollouts) Describe(ch chan<- *prometheus.Desc) {
	ch <- r.total
	ch <- r.failed
}

func (r *rollouts) Collect(ch chan<- prometheus.Metric) {
	r.mu.Lock()
	c := r.counts
	r.mu.Unlock()
	if c.Totals != nil {
		for k, n := range c.Totals() {
			ch <- prometheus.MustNewConstMetric(r.total, prometheus.CounterValue, float64(n), k[0], k[1])
		}
	}
	if c.Failed != nil {
		for service, rev := range c.Failed() {
			ch <- prometheus.MustNewConstMetric(r.failed, prometheus.GaugeValue, 1, service, rev)
		}
	}
}
