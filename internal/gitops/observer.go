// Package gitops closes the loop from the daemon back to the people who
// changed the file: after each pass it sets the commit's status on GitHub
// and opens or resolves incidents in the chat. It sits behind the
// daemon's Observer, and everything it sends goes through bounded queues:
// neither GitHub nor a webhook is ever on a pass's critical path.
package gitops

import (
	"context"
	"sync"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/everruns/reconciler/internal/daemon"
	"github.com/everruns/reconciler/internal/github"
	"github.com/everruns/reconciler/internal/notify"
	"github.com/everruns/reconciler/internal/source"
	"github.com/everruns/reconciler/pkg/desired"
)

// Observer is the daemon's daemon.Observer.
type Observer struct {
	// Statuses, if set, receives each pass's commit statuses.
	Statuses *github.Poster
	// Tracker and Sender, if set, turn passes into notifications.
	Tracker *notify.Tracker
	Sender  *notify.Sender
	// Leader says whether this replica holds the lease (nil: always): only
	// the holder notifies, so that replicas never repeat one another.
	Leader func() bool
	// LeaseLost, if set, says whether the lease is lost with no holder
	// ((*lease.Lease).Holderless).
	LeaseLost func() bool

	mu sync.Mutex // one pass at a time, but Source's Fetch runs on the pass's goroutine too
	// environment is the name of the environment, learnt from the file:
	// the statuses' context is reconciler/<environment>.
	environment string
}

// context is the statuses' context; "" (the poster's default) until the
// environment's name is known.
func (o *Observer) context() string {
	if o.environment == "" {
		return ""
	}
	return "reconciler/" + o.environment
}

var _ daemon.Observer = (*Observer)(nil)

// PassDone sets the statuses and sends the incidents of r.
func (o *Observer) PassDone(_ context.Context, r daemon.PassResult) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if name := r.Outcome.Report.Environment; name != "" {
		o.environment = name
	}
	if o.Statuses != nil {
		for _, s := range Statuses(r) {
			s.Context = o.context()
			o.Statuses.Set(s)
		}
	}
	if o.Tracker == nil {
		return
	}
	p := notify.Pass{At: r.End, Outcome: r.Outcome, Err: r.Err, FailingSince: r.FailingSince}
	if o.LeaseLost != nil {
		p.LeaseLost = o.LeaseLost()
	}
	events := o.Tracker.Observe(p)
	if o.Sender == nil {
		return
	}
	leader := o.Leader == nil || o.Leader()
	for _, ev := range events {
		// With no holder there is no one replica to speak: each says the
		// lease is lost, and that it is back.
		if leader || ev.Incident.Kind == notify.KindLeaseLost {
			o.Sender.Enqueue(ev)
		}
	}
}

// Source wraps src so that a pass reading a new, valid revision marks
// that commit pending before acting on it.
// OpenIncidents are the incidents open now (none without a Tracker), for
// the status page.
func (o *Observer) OpenIncidents() []notify.Incident {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.Tracker == nil {
		return nil
	}
	return o.Tracker.Open()
}

func (o *Observer) Source(src source.Source) source.Source {
	if o.Statuses == nil {
		return src
	}
	return &pendingSource{Source: src, observer: o}
}

type pendingSource struct {
	source.Source
	observer *Observer
	last     string
}

func (s *pendingSource) Fetch(ctx context.Context) (source.Snapshot, error) {
	snap, err := s.Source.Fetch(ctx)
	if err != nil || snap.Revision == s.last {
		return snap, err
	}
	s.last = snap.Revision
	if env, diags := desired.Parse(snap.Name, snap.Data); env != nil && !diags.HasErrors() {
		o := s.observer
		o.mu.Lock()
		o.environment = env.Name
		context := o.context()
		o.mu.Unlock()
		o.Statuses.Set(github.Status{SHA: snap.Revision, Context: context, State: github.StatePending, Description: "applying this commit",
			IfNone: true})
	}
	return snap, err
}

// Metrics are the counters of what could not be sent.
type Metrics struct {
	GitHubErrors *prometheus.CounterVec
	NotifyErrors *prometheus.CounterVec
}

// NewMetrics registers reconciler_github_errors_total and
// reconciler_notify_errors_total on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		GitHubErrors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "reconciler_github_errors_total",
			Help: "GitHub requests that failed (each attempt: rate_limited, server_error, transport, client_error) and statuses not set (queue_full, read, create)."},
			[]string{"reason"}),
		NotifyErrors: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "reconciler_notify_errors_total",
			Help: "Notification deliveries that failed (each attempt), and notifications dropped (queue_full)."},
			[]string{"reason"}),
	}
	reg.MustRegister(m.GitHubErrors, m.NotifyErrors)
	return m
}

// GitHubFailure counts a GitHub failure by reason.
func (m *Metrics) GitHubFailure(reason string) { m.GitHubErrors.WithLabelValues(reason).Inc() }

// NotifyFailure counts a notification failure by reason.
func (m *Metrics) NotifyFailure(reason string) { m.NotifyErrors.WithLabelValues(reason).Inc() }
