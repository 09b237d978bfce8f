package ecs

import (
	"strings"
	"time"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/ecs"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// task is one ECS task. Its state is a function of the clock: it is
// PROVISIONING for the first half of Timing.ECSTaskStart, PENDING for the
// second, then RUNNING; a task that cannot start (failCode) is STOPPED at
// that instant instead, and a one-off task whose containers run to
// completion (runFor) is STOPPED with exit code 0 runFor after it started.
type task struct {
	id, arn, clusterARN, region string
	td                          *taskDef
	createdAt                   time.Time
	startDelay                  time.Duration

	failCode, failReason string // set when the task is doomed at start
	failContainer        string // the container that exited, for EssentialContainerExited
	runFor               time.Duration

	stopRequested        bool
	stopAt               time.Time
	stopCode, stopReason string

	startedBy, group, launchType, platformVersion string
	serviceName, deploymentID                     string
	overrides                                     *v1.TaskOverride
	tags                                          []*v1.Tag
	enableExecuteCommand                          bool
	containerIDs                                  []string
}

func (t *task) startAt() time.Time { return t.createdAt.Add(t.startDelay) }

// end returns when the task stops (or stopped), why, and whether that is
// known yet.
func (t *task) end() (at time.Time, code, reason string, ok bool) {
	if t.failCode != "" {
		at, code, reason, ok = t.startAt(), t.failCode, t.failReason, true
	} else if t.runFor > 0 {
		at, code, reason, ok = t.startAt().Add(t.runFor), "EssentialContainerExited", "Essential container in task exited", true
	}
	if t.stopRequested && (!ok || t.stopAt.Before(at)) {
		at, code, reason, ok = t.stopAt, t.stopCode, t.stopReason, true
	}
	return at, code, reason, ok
}

func (t *task) stopped(now time.Time) bool {
	at, _, _, ok := t.end()
	return ok && !now.Before(at)
}

func (t *task) lastStatus(now time.Time) string {
	switch {
	case t.stopped(now):
		return "STOPPED"
	case !now.Before(t.startAt()):
		return "RUNNING"
	case !now.Before(t.createdAt.Add(t.startDelay / 2)):
		return "PENDING"
	default:
		return "PROVISIONING"
	}
}

func (t *task) desiredStatus(now time.Time) string {
	if t.stopRequested || t.stopped(now) {
		return "STOPPED"
	}
	return "RUNNING"
}

// requestStop asks the task to stop at the instant at (a StopTask, a
// scale-in, a deployment draining the previous one).
func (t *task) requestStop(at time.Time, code, reason string) {
	if t.stopRequested || t.stopped(at) {
		return
	}
	t.stopRequested, t.stopAt, t.stopCode, t.stopReason = true, at, code, reason
}

// newTask starts a task of td at now, deciding at once whether it
// will fail: AWS resolves secrets and pulls images when a task starts, so
// a secret deleted or an image marked failing later affects only tasks
// started later.
func (s *Service) newTask(c *cluster, td *taskDef, region string, now time.Time) *task {
	id := s.env.IDs.Hex(32)
	t := &task{
		id: id, arn: taskARN(region, c.name, id), clusterARN: c.arn, region: region, td: td,
		createdAt: now, startDelay: s.env.Timing.ECSTaskStart, tags: []*v1.Tag{},
	}
	for range td.def.ContainerDefinitions {
		t.containerIDs = append(t.containerIDs, s.env.IDs.UUID())
	}
	t.failCode, t.failReason, t.failContainer = s.startFailure(td)
	c.tasks = append(c.tasks, t)
	return t
}

// startFailure decides whether a task of td fails to start and how AWS
// reports it: a secret or registry credential that cannot be read from
// Secrets Manager fails the task before any container starts
// (secretFailure); an essential container whose image is marked failing
// exits at once.
func (s *Service) startFailure(td *taskDef) (code, reason, container string) {
	for _, cd := range td.def.ContainerDefinitions {
		refs := []string{}
		for _, sec := range cd.Secrets {
			refs = append(refs, aws.StringValue(sec.ValueFrom))
		}
		if cd.RepositoryCredentials != nil {
			refs = append(refs, aws.StringValue(cd.RepositoryCredentials.CredentialsParameter))
		}
		for _, ref := range refs {
			if why := s.secretFailure(ref); why != "" {
				return "TaskFailedToStart", why, ""
			}
		}
	}
	for _, cd := range td.def.ContainerDefinitions {
		if aws.BoolValue(cd.Essential) && s.failing[aws.StringValue(cd.Image)] {
			return "EssentialContainerExited", "Essential container in task exited", aws.StringValue(cd.Name)
		}
	}
	return "", "", ""
}

func (c *cluster) findTask(ref string) *task {
	id := ref
	if _, rest, ok := resource(ref); ok {
		id = rest[strings.LastIndex(rest, "/")+1:]
	}
	for _, t := range c.tasks {
		if t.id == id {
			return t
		}
	}
	return nil
}

// pruneTasks forgets tasks stopped more than an hour ago: AWS documents
// that stopped tasks stay visible "for at least one hour".
func (c *cluster) pruneTasks(now time.Time) {
	kept := c.tasks[:0]
	for _, t := range c.tasks {
		if at, _, _, ok := t.end(); ok && now.Sub(at) > time.Hour {
			continue
		}
		kept = append(kept, t)
	}
	c.tasks = kept
}

func (t *task) view(now time.Time, withTags bool) *v1.Task {
	last := t.lastStatus(now)
	out := &v1.Task{
		TaskArn: aws.String(t.arn), ClusterArn: aws.String(t.clusterARN),
		TaskDefinitionArn: aws.String(t.td.arn()), LastStatus: aws.String(last),
		DesiredStatus: aws.String(t.desiredStatus(now)), CreatedAt: aws.Time(t.createdAt),
		Group: optString(t.group), StartedBy: optString(t.startedBy), LaunchType: optString(t.launchType),
		PlatformVersion: optString(t.platformVersion), Cpu: t.td.def.Cpu, Memory: t.td.def.Memory,
		Overrides: clone(t.overrides), EnableExecuteCommand: aws.Bool(t.enableExecuteCommand),
		Version: aws.Int64(1), AvailabilityZone: aws.String(t.region + "a"),
		HealthStatus: aws.String("UNKNOWN"), Attachments: []*v1.Attachment{}, Attributes: []*v1.Attribute{},
	}
	if out.Overrides == nil {
		out.Overrides = &v1.TaskOverride{ContainerOverrides: []*v1.ContainerOverride{}}
	}
	started := last == "RUNNING" || (last == "STOPPED" && t.failCode != "TaskFailedToStart" && !now.Before(t.startAt()))
	if started {
		out.StartedAt = aws.Time(t.startAt())
		out.Connectivity, out.ConnectivityAt = aws.String("CONNECTED"), aws.Time(t.startAt())
	}
	if at, code, reason, ok := t.end(); ok && !now.Before(at) {
		out.StoppedAt, out.StoppingAt, out.ExecutionStoppedAt = aws.Time(at), aws.Time(at), aws.Time(at)
		out.StopCode, out.StoppedReason = aws.String(code), aws.String(reason)
	} else if t.stopRequested {
		out.StoppingAt = aws.Time(t.stopAt)
	}
	if withTags {
		out.Tags = copyTags(t.tags)
	}
	out.Containers = t.containers(now, last)
	return out
}

func (t *task) containers(now time.Time, last string) []*v1.Container {
	out := []*v1.Container{}
	for i, cd := range t.td.def.ContainerDefinitions {
		name := aws.StringValue(cd.Name)
		c := &v1.Container{
			Name: cd.Name, Image: cd.Image, TaskArn: aws.String(t.arn),
			ContainerArn: aws.String(core.ARN("ecs", t.region, "container/"+shortName(t.clusterARN)+"/"+t.id+"/"+t.containerIDs[i])),
			LastStatus:   aws.String(last), HealthStatus: aws.String("UNKNOWN"),
			NetworkInterfaces: []*v1.NetworkInterface{}, NetworkBindings: []*v1.NetworkBinding{},
		}
		if last == "PROVISIONING" {
			c.LastStatus = aws.String("PENDING")
		}
		if last == "STOPPED" && t.failCode != "TaskFailedToStart" && !now.Before(t.startAt()) {
			switch {
			case t.failCode == "EssentialContainerExited" && name == t.failContainer:
				c.ExitCode = aws.Int64(1)
			case t.failCode == "" && t.runFor > 0 && !t.stopRequested:
				c.ExitCode = aws.Int64(0)
			}
		}
		out = append(out, c)
	}
	return out
}
