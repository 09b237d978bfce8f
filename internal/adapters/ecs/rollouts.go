package ecs

import (
	"maps"
	"strconv"
	"sync"
	"time"
)

// Rollouts counts the outcomes of the rollouts this process saw end, for
// metrics: reconciler_rollouts_total{ecs_service,result} is Totals, and a
// failed-revision gauge is FailedRevisions (1 per service whose last
// rollout failed, labelled with the revision). A rollout is counted once,
// by its mark (definition and start), however many passes observe it, and
// only if it started while this process ran: the rollouts a fresh process
// finds already ended happened before it, and counting them would report a
// rollout on every restart. A service's counts exist at 0 from its first
// observation, so that increase() sees its first rollout.
type Rollouts struct {
	mu     sync.Mutex
	since  int64 // Unix seconds: rollouts marked before are not counted
	totals map[RolloutKey]int
	failed map[string]string
	seen   map[string]bool
}

// RolloutKey labels a count: the ECS service name and "succeeded" or
// "failed".
type RolloutKey struct{ Service, Result string }

func newRollouts(since time.Time) *Rollouts {
	return &Rollouts{since: since.Unix(), totals: map[RolloutKey]int{}, failed: map[string]string{}, seen: map[string]bool{}}
}

// Totals returns the counts so far.
func (r *Rollouts) Totals() map[RolloutKey]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return maps.Clone(r.totals)
}

// FailedRevisions maps each service whose last rollout failed to the
// revision ("family:rev") that failed.
func (r *Rollouts) FailedRevisions() map[string]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return maps.Clone(r.failed)
}

// observe records what one Observe saw of a service's last rollout.
func (r *Rollouts) observe(service string, st rolloutState, ready bool, tags map[string]string) {
	mark := tags[tagRollout] + "@" + tags[tagRolloutAt]
	at, err := strconv.ParseInt(tags[tagRolloutAt], 10, 64)
	ours := err == nil && at >= r.since
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, result := range []string{"succeeded", "failed"} {
		if _, ok := r.totals[RolloutKey{service, result}]; !ok {
			r.totals[RolloutKey{service, result}] = 0 // the series exists from the first observation
		}
	}
	switch {
	case st.failure != "":
		r.failed[service] = shortRevision(st.failedARN)
		r.count(service, mark, "failed", ours)
	case ready:
		delete(r.failed, service)
		if tags[tagRollout] != "" {
			r.count(service, mark, "succeeded", ours)
		}
	}
}

// count counts the rollout of mark once, if it started in this process.
func (r *Rollouts) count(service, mark, result string, ours bool) {
	key := service + "|" + mark
	if r.seen[key] || !ours {
		return
	}
	r.seen[key] = true
	r.totals[RolloutKey{service, result}]++
}

// Rollouts is the rollout record of the ecs.service kind; the lead's
// metrics read it through reg.Kinds()["ecs.service"].(interface{ Rollouts() *ecs.Rollouts }).
func (k *services) Rollouts() *Rollouts { return k.rollouts }
