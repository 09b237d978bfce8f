package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// environmentMetrics are what the daemon knows of the environment and of
// its source.
type environmentMetrics struct {
	LastObservation prometheus.Gauge     // reconciler_last_observation_timestamp_seconds
	SourceValid     prometheus.Gauge     // reconciler_source_valid
	SourceRevision  *prometheus.GaugeVec // reconciler_source_revision_info{revision}
	currentRevision string
}

func newEnvironmentMetrics() environmentMetrics {
	return environmentMetrics{
		LastObservation: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "reconciler_last_observation_timestamp_seconds",
			Help: "Unix time of the end of the last pass that observed the whole environment; the managed and drifted gauges date from it.",
		}),
		SourceValid: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "reconciler_source_valid",
			Help: "1 if the source's latest revision was read and is valid, else 0 (passes then act on the last valid revision).",
		}),
		SourceRevision: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "reconciler_source_revision_info",
			Help: "1 for the revision of the file the last pass acted on (sha256:… of a file, a git commit SHA).",
		}, []string{"revision"}),
	}
}

func (e *environmentMetrics) collectors() []prometheus.Collector {
	return []prometheus.Collector{e.LastObservation, e.SourceValid, e.SourceRevision}
}

// ObserveEnvironment records a complete observation, ended at end. It is
// called only then: after a failed pass the gauges keep the last observed
// values, and the timestamp says how old they are.
func (m *Metrics) ObserveEnvironment(managed, drifted map[string]int, end time.Time) {
	set(m.Managed, managed)
	set(m.Drifted, drifted)
	m.LastObservation.Set(float64(end.Unix()))
}

// ObserveSource records whether the latest revision was valid and which
// revision was acted on ("" leaves the revision as it was).
func (m *Metrics) ObserveSource(valid bool, actedOn string) {
	v := 0.0
	if valid {
		v = 1
	}
	m.SourceValid.Set(v)
	if actedOn != "" && actedOn != m.currentRevision {
		m.SourceRevision.Reset()
		m.SourceRevision.WithLabelValues(actedOn).Set(1)
		m.currentRevision = actedOn
	}
}

func set(g *prometheus.GaugeVec, byKind map[string]int) {
	g.Reset()
	for kind, n := range byKind {
		g.WithLabelValues(kind).Set(float64(n))
	}
}
