package ecs

import (
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/ecs"
)

// deployment is one rolling deployment of a service (the ECS deployment
// controller). Each of its desired tasks has a slot holding the latest task
// started for it; a task that fails is replaced in its slot.
type deployment struct {
	id                          string
	status                      string // PRIMARY or ACTIVE
	td                          *taskDef
	desired                     int64
	rollout, reason             string // IN_PROGRESS, COMPLETED, FAILED
	createdAt, updatedAt        time.Time
	rolloutFrom                 time.Time // completion is counted from here (a rollback restarts it)
	failed                      int64
	launchType, platformVersion string
	network                     *v1.NetworkConfiguration
	slots                       []*task
	completed                   bool // reached COMPLETED once: a rollback target
}

// retryFloor is the least time between a failed task and its replacement.
// AWS throttles the restarts of tasks that keep failing; the floor also
// keeps a zero Timing.ECSTaskStart from replacing tasks forever in one
// instant.
const retryFloor = time.Second

// failureThreshold is the circuit breaker's: 0.5 × desired count, rounded
// up, at least 3 and at most 200 failed tasks (API_ServiceDeploymentCircuitBreaker).
func failureThreshold(desired int64) int64 {
	return min(max((desired+1)/2, 3), 200)
}

// startDeployment makes a new PRIMARY deployment of the service's current
// definition and starts its tasks; the previous PRIMARY becomes ACTIVE and
// keeps its tasks until the new one completes.
func (s *Service) startDeployment(svc *service, now time.Time) {
	for _, d := range svc.deployments {
		d.status = "ACTIVE"
	}
	d := &deployment{
		id: deploymentID(s.env.IDs.Hex(16)), status: "PRIMARY", td: svc.td, desired: svc.desired,
		rollout: "IN_PROGRESS", createdAt: now, updatedAt: now, rolloutFrom: now,
		launchType: svc.launchType, platformVersion: svc.platformVersion, network: clone(svc.network),
	}
	d.reason = "ECS deployment " + d.id + " in progress."
	svc.deployments = append([]*deployment{d}, svc.deployments...)
	s.scale(svc, d, now)
}

// deploymentID is "ecs-svc/" and 19 digits, the shape AWS uses.
func deploymentID(hex string) string {
	var n uint64
	_, _ = fmt.Sscanf(hex, "%x", &n)
	return fmt.Sprintf("ecs-svc/%019d", n%10000000000000000000)
}

// scale starts or stops tasks so that d has one slot per desired task.
func (s *Service) scale(svc *service, d *deployment, now time.Time) {
	var started, stopped []string
	for int64(len(d.slots)) < d.desired {
		t := s.serviceTask(svc, d, now, s.env.Timing.ECSTaskStart)
		d.slots = append(d.slots, t)
		started = append(started, t.id)
	}
	for int64(len(d.slots)) > d.desired {
		t := d.slots[len(d.slots)-1]
		d.slots = d.slots[:len(d.slots)-1]
		if !t.stopped(now) {
			t.requestStop(now, "ServiceSchedulerInitiated", "Scaling activity initiated by (deployment "+d.id+")")
			stopped = append(stopped, t.id)
		}
	}
	s.taskEvents(svc, now, "started", started)
	s.taskEvents(svc, now, "stopped", stopped)
}

func (s *Service) serviceTask(svc *service, d *deployment, at time.Time, delay time.Duration) *task {
	t := s.newTask(svc.cluster, d.td, svc.region, at)
	t.startDelay = delay
	t.group, t.startedBy, t.serviceName, t.deploymentID = "service:"+svc.name, d.id, svc.name, d.id
	t.launchType, t.platformVersion, t.enableExecuteCommand = d.launchType, platformVersionOf(d), svc.enableExecuteCommand
	switch svc.propagateTags {
	case "SERVICE":
		t.tags = copyTags(svc.tags)
	case "TASK_DEFINITION":
		t.tags = copyTags(d.td.tags)
	}
	return t
}

// platformVersionOf is what a task reports: LATEST resolves to the current
// Fargate platform version.
func platformVersionOf(d *deployment) string {
	if d.platformVersion == "LATEST" {
		return "1.4.0"
	}
	return d.platformVersion
}

// taskEvents records "(service web) has started 2 tasks: (task a) (task b)."
func (s *Service) taskEvents(svc *service, at time.Time, verb string, ids []string) {
	if len(ids) == 0 {
		return
	}
	what := "tasks"
	if verb == "stopped" {
		what = "running tasks"
	}
	s.event(svc, at, fmt.Sprintf("has %s %d %s: (task %s).", verb, len(ids), what, strings.Join(ids, ") (task ")))
}

// event appends "(service NAME) msg"; AWS keeps the latest 100.
func (s *Service) event(svc *service, at time.Time, msg string) {
	svc.events = append(svc.events, &v1.ServiceEvent{
		Id: aws.String(s.env.IDs.UUID()), CreatedAt: aws.Time(at), Message: aws.String("(service " + svc.name + ") " + msg),
	})
	if len(svc.events) > 100 {
		svc.events = svc.events[len(svc.events)-100:]
	}
}

func (d *deployment) counts(now time.Time) (running, pending int64) {
	for _, t := range d.slots {
		switch t.lastStatus(now) {
		case "RUNNING":
			running++
		case "PROVISIONING", "PENDING":
			pending++
		}
	}
	return running, pending
}

func (d *deployment) view(now time.Time) *v1.Deployment {
	running, pending := d.counts(now)
	out := &v1.Deployment{
		Id: aws.String(d.id), Status: aws.String(d.status), TaskDefinition: aws.String(d.td.arn()),
		DesiredCount: aws.Int64(d.desired), RunningCount: aws.Int64(running), PendingCount: aws.Int64(pending),
		FailedTasks: aws.Int64(d.failed), CreatedAt: aws.Time(d.createdAt), UpdatedAt: aws.Time(d.updatedAt),
		RolloutState: aws.String(d.rollout), RolloutStateReason: aws.String(d.reason),
		LaunchType: optString(d.launchType), PlatformVersion: optString(d.platformVersion),
		NetworkConfiguration: clone(d.network),
	}
	if d.launchType == "FARGATE" {
		out.PlatformFamily = aws.String("Linux")
	}
	return out
}
