package ecs

import (
	"time"

	"github.com/aws/aws-sdk-go/aws"
)

// maxSteps bounds one settle of one service, so that a clock advanced by
// days over a service whose tasks keep failing cannot stall a call.
const maxSteps = 20000

// settleAll brings every service up to the current fake time, then forgets
// long-stopped tasks.
func (s *Service) settleAll() {
	now := s.env.Clock.Now()
	for _, c := range s.clusters {
		for _, svc := range c.services {
			s.settle(svc, now)
		}
		c.pruneTasks(now)
	}
}

// settle applies, in time order, every transition of svc due by now. Each
// transition is stamped with the instant it fell due, not with now.
func (s *Service) settle(svc *service, now time.Time) {
	for range maxSteps {
		at, apply := s.nextTransition(svc)
		if apply == nil || at.After(now) {
			return
		}
		apply(at)
	}
}

// nextTransition returns the next transition of svc and when it is due, or
// a nil func when nothing is pending.
func (s *Service) nextTransition(svc *service) (time.Time, func(time.Time)) {
	switch svc.status {
	case "DRAINING":
		return svc.drainedAt, func(at time.Time) {
			svc.status, svc.inactiveAt = "INACTIVE", at
		}
	case "INACTIVE":
		return svc.inactiveAt.Add(inactiveRetention), func(time.Time) {
			delete(svc.cluster.services, svc.name)
		}
	}
	if len(svc.deployments) == 0 {
		return time.Time{}, nil
	}
	d := svc.deployments[0]
	if at, i, ok := nextLostSlot(d); ok {
		return at, func(at time.Time) { s.slotLost(svc, d, i, at) }
	}
	if d.rollout != "IN_PROGRESS" {
		return time.Time{}, nil
	}
	ready := d.rolloutFrom
	for _, t := range d.slots {
		if t.startAt().After(ready) {
			ready = t.startAt()
		}
	}
	return ready.Add(s.env.Timing.ECSDeployment), func(at time.Time) { s.complete(svc, d, at) }
}

// nextLostSlot finds the slot of d whose task stops first of its own
// accord or by a StopTask (not by the scheduler scaling it in), which the
// scheduler must then replace. A FAILED deployment replaces nothing.
func nextLostSlot(d *deployment) (time.Time, int, bool) {
	if d.rollout == "FAILED" {
		return time.Time{}, 0, false
	}
	var best time.Time
	idx := -1
	for i, t := range d.slots {
		at, code, _, ok := t.end()
		if !ok || code == "ServiceSchedulerInitiated" {
			continue
		}
		if idx < 0 || at.Before(best) {
			best, idx = at, i
		}
	}
	return best, idx, idx >= 0
}

// slotLost counts a failed task against the deployment, trips the circuit
// breaker at its threshold, and otherwise starts a replacement.
func (s *Service) slotLost(svc *service, d *deployment, i int, at time.Time) {
	old := d.slots[i]
	if old.failCode != "" && d.rollout == "IN_PROGRESS" {
		d.failed++
		d.updatedAt = at
		cb := svc.deployConfig.DeploymentCircuitBreaker
		if cb != nil && aws.BoolValue(cb.Enable) && d.failed >= failureThreshold(svc.desired) {
			s.fail(svc, d, at)
			return
		}
	}
	delay := max(s.env.Timing.ECSTaskStart, retryFloor)
	t := s.serviceTask(svc, d, at, delay)
	d.slots[i] = t
	s.taskEvents(svc, at, "started", []string{t.id})
}

// complete marks d COMPLETED once its tasks have run for
// Timing.ECSDeployment, then drains and removes every older deployment.
func (s *Service) complete(svc *service, d *deployment, at time.Time) {
	d.rollout, d.reason, d.completed, d.updatedAt = "COMPLETED", "ECS deployment "+d.id+" completed.", true, at
	var stopped []string
	for _, old := range svc.deployments[1:] {
		for _, t := range old.slots {
			if !t.stopped(at) {
				t.requestStop(at, "ServiceSchedulerInitiated", "Scaling activity initiated by (deployment "+d.id+")")
				stopped = append(stopped, t.id)
			}
		}
	}
	svc.deployments = svc.deployments[:1]
	s.taskEvents(svc, at, "stopped", stopped)
	s.event(svc, at, "(deployment "+d.id+") deployment completed.")
	s.event(svc, at, "has reached a steady state.")
}

// fail marks d FAILED. With rollback on, the most recent deployment that
// once completed becomes PRIMARY again, the service goes back to its task
// definition, and its rollout restarts (IN_PROGRESS, then COMPLETED, which
// drains the failed one). Without a completed deployment to return to, or
// with rollback off, the failed deployment stays PRIMARY and stops
// launching tasks.
func (s *Service) fail(svc *service, d *deployment, at time.Time) {
	d.rollout, d.reason, d.updatedAt = "FAILED", "ECS deployment circuit breaker: tasks failed to start.", at
	s.event(svc, at, "(deployment "+d.id+") deployment failed: tasks failed to start.")
	if !aws.BoolValue(svc.deployConfig.DeploymentCircuitBreaker.Rollback) {
		return
	}
	var target *deployment
	for _, other := range svc.deployments[1:] {
		if other.completed {
			target = other
			break
		}
	}
	if target == nil {
		return
	}
	rest := []*deployment{target}
	for _, other := range svc.deployments {
		if other != target {
			other.status = "ACTIVE"
			rest = append(rest, other)
		}
	}
	svc.deployments = rest
	target.status, target.rollout, target.rolloutFrom, target.updatedAt = "PRIMARY", "IN_PROGRESS", at, at
	target.reason = "ECS deployment circuit breaker: rolling back to deploymentId " + target.id + "."
	target.desired = svc.desired
	svc.td = target.td
	s.event(svc, at, "rolling back to deployment "+target.id+".")
	s.scale(svc, target, at)
}
