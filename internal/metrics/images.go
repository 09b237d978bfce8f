package metrics

import "github.com/prometheus/client_golang/prometheus"

// imageMetrics follow the resolution of digest-policy images, and the
// check of every tag: a registry that cannot answer, or a missing tag,
// changes nothing in AWS, so drift never shows it.
type imageMetrics struct {
	ImageResolveErrors *prometheus.CounterVec // reconciler_image_resolve_errors_total{workload}
}

func newImageMetrics() imageMetrics {
	return imageMetrics{
		ImageResolveErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "reconciler_image_resolve_errors_total",
			Help: "Passes in which a digest-policy container's tag could not be resolved (registry unreachable, 429, refused), or in which any container's tag was missing from its registry, by workload (the file's service or task key); the task definition kept its image.",
		}, []string{"workload"}),
	}
}

func (i *imageMetrics) collectors() []prometheus.Collector {
	return []prometheus.Collector{i.ImageResolveErrors}
}
