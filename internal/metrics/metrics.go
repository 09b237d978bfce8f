// Package metrics defines the reconciler's Prometheus metrics, named in the
// style of controller-runtime and ACK, on a registry of their own so that a
// test can build as many as it needs.
package metrics

import (
	"runtime"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics is every metric the reconciler exports.
type Metrics struct {
	Registry *prometheus.Registry

	Passes       *prometheus.CounterVec   // reconciler_passes_total{result}
	PassDuration prometheus.Histogram     // reconciler_pass_duration_seconds
	Managed      *prometheus.GaugeVec     // reconciler_managed_resources{kind}
	Drifted      *prometheus.GaugeVec     // reconciler_drifted_resources{kind}
	AWSCalls     *prometheus.CounterVec   // reconciler_aws_api_calls_total{aws_service,operation,code}
	AWSLatency   *prometheus.HistogramVec // reconciler_aws_api_call_duration_seconds{aws_service,operation}
	AWSRetries   *prometheus.CounterVec   // reconciler_aws_retries_total{aws_service}
	LastSuccess  prometheus.Gauge         // reconciler_last_success_timestamp_seconds
	BuildInfo    *prometheus.GaugeVec     // reconciler_build_info{version,goversion}
	environmentMetrics
	operatorMetrics
	certificateMetrics
	rollouts *rollouts
	imageMetrics
	restraintMetrics
}

// New registers every metric on a new registry, with the Go and process
// collectors, and sets build_info for version.
func New(version string) *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		Passes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "reconciler_passes_total",
			Help: "Reconcile passes by result: success, error, drift (dry run that found changes).",
		}, []string{"result"}),
		PassDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "reconciler_pass_duration_seconds",
			Help:    "Wall time of one reconcile pass.",
			Buckets: prometheus.ExponentialBuckets(0.05, 2, 14), // 50ms … ~7min
		}),
		Managed: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "reconciler_managed_resources",
			Help: "Resources in the daemon's scope (under --target, of a kind with an adapter), by kind, at the last observation.",
		}, []string{"kind"}),
		Drifted: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "reconciler_drifted_resources",
			Help: "Resources whose live state differed from the file at the last observation, by kind.",
		}, []string{"kind"}),
		AWSCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "reconciler_aws_api_calls_total",
			Help: "AWS API call attempts by AWS service (lower-case service ID: ec2, elasticloadbalancing), operation and error code (\"\" on success).",
		}, []string{"aws_service", "operation", "code"}),
		AWSLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "reconciler_aws_api_call_duration_seconds",
			Help:    "Duration of one AWS API call attempt.",
			Buckets: prometheus.ExponentialBuckets(0.005, 2, 12),
		}, []string{"aws_service", "operation"}),
		AWSRetries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "reconciler_aws_retries_total",
			Help: "AWS API call attempts that the SDK's retryer made again after a retryable failure (throttling, 5xx, a dropped connection), by AWS service.",
		}, []string{"aws_service"}),
		LastSuccess: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "reconciler_last_success_timestamp_seconds",
			Help: "Unix time of the end of the last successful pass.",
		}),
		BuildInfo: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "reconciler_build_info",
			Help: "Always 1; the labels say which build runs.",
		}, []string{"version", "goversion"}),
		environmentMetrics: newEnvironmentMetrics(),
		operatorMetrics:    newOperatorMetrics(),
		certificateMetrics: newCertificateMetrics(),
		rollouts:           newRollouts(),
		imageMetrics:       newImageMetrics(),
		restraintMetrics:   newRestraintMetrics(),
	}
	m.Registry.MustRegister(m.Passes, m.PassDuration, m.Managed, m.Drifted, m.AWSCalls,
		m.AWSLatency, m.AWSRetries, m.LastSuccess, m.BuildInfo,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.Registry.MustRegister(m.environmentMetrics.collectors()...)
	m.Registry.MustRegister(m.operatorMetrics.collectors()...)
	m.Registry.MustRegister(m.certificateMetrics.collectors()...)
	m.Registry.MustRegister(m.rollouts)
	m.Registry.MustRegister(m.imageMetrics.collectors()...)
	m.Registry.MustRegister(m.restraintMetrics.collectors()...)
	m.BuildInfo.WithLabelValues(version, runtime.Version()).Set(1)
	// Every result exists from the start at 0, so that rate() and
	// increase() see the first pass of each result, and an alert on
	// errors has a series to read before the first error.
	for _, r := range PassResults {
		m.Passes.WithLabelValues(r)
	}
	return m
}

// PassResults are the values of reconciler_passes_total's result label.
var PassResults = []string{"success", "error", "drift"}

// ObservePass records one pass's result and duration; end is when it ended.
func (m *Metrics) ObservePass(result string, d time.Duration, end time.Time) {
	m.Passes.WithLabelValues(result).Inc()
	m.PassDuration.Observe(d.Seconds())
	if result == "success" {
		m.LastSuccess.Set(float64(end.Unix()))
	}
}
