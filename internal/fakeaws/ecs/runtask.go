package ecs

import (
	"sort"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/ecs"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html
// One-off tasks start like service tasks and, their containers having run
// to completion, stop with exit code 0 after Timing.ECSTaskStart more (the
// fake has no workload to wait for; use StopTask to stop one earlier).
// A clientToken makes it idempotent within the cluster (runtoken.go).
func (s *Service) runTask(r *core.Request) (any, error) {
	var in v1.RunTaskInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	c, err := s.findCluster(in.Cluster)
	if err != nil {
		return nil, err
	}
	if len(aws.StringValue(in.ClientToken)) > 64 {
		return nil, errInvalid("clientToken must be at most 64 characters.")
	}
	now := s.env.Clock.Now()
	if out, seen, err := c.replay(&in, now); seen {
		return out, err
	}
	td := s.findTaskDef(aws.StringValue(in.TaskDefinition))
	if td == nil {
		return nil, errClient("TaskDefinition not found.")
	}
	if !td.active() {
		return nil, errClient("TaskDefinition is inactive")
	}
	count := aws.Int64Value(in.Count)
	if in.Count == nil {
		count = 1
	}
	if count < 1 || count > 10 {
		return nil, errInvalid("count must be between 1 and 10.")
	}
	launchType := aws.StringValue(in.LaunchType)
	if launchType == "" && len(in.CapacityProviderStrategy) == 0 {
		launchType = "EC2"
	}
	if err := checkLaunchType(launchType, td); err != nil {
		return nil, err
	}
	if err := s.checkNetwork(in.NetworkConfiguration, td, launchType); err != nil {
		return nil, err
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	out := &v1.RunTaskOutput{Tasks: []*v1.Task{}, Failures: []*v1.Failure{}}
	var started []*task
	for range count {
		t := s.newTask(c, td, r.Region, now)
		t.runFor = max(s.env.Timing.ECSTaskStart, 1)
		t.startedBy, t.group, t.launchType = aws.StringValue(in.StartedBy), aws.StringValue(in.Group), launchType
		if t.group == "" {
			t.group = "family:" + td.family()
		}
		if launchType == "FARGATE" {
			t.platformVersion = "1.4.0"
		}
		t.overrides, t.enableExecuteCommand = clone(in.Overrides), aws.BoolValue(in.EnableExecuteCommand)
		t.tags = copyTags(in.Tags)
		if aws.StringValue(in.PropagateTags) == "TASK_DEFINITION" {
			mergeTags(&t.tags, td.tags)
		}
		out.Tasks = append(out.Tasks, t.view(now, true))
		started = append(started, t)
	}
	c.remember(&in, started, now)
	return out, nil
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTasks.html
func (s *Service) describeTasks(r *core.Request) (any, error) {
	var in v1.DescribeTasksInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	c, err := s.findCluster(in.Cluster)
	if err != nil {
		return nil, err
	}
	if len(in.Tasks) == 0 || len(in.Tasks) > 100 {
		return nil, errInvalid("tasks can have between 1 and 100 items.")
	}
	now, withTags := s.env.Clock.Now(), includes(in.Include)["TAGS"]
	out := &v1.DescribeTasksOutput{Tasks: []*v1.Task{}, Failures: []*v1.Failure{}}
	for _, ref := range aws.StringValueSlice(in.Tasks) {
		t := c.findTask(ref)
		if t == nil {
			arn := ref
			if _, _, ok := resource(ref); !ok {
				arn = taskARN(r.Region, c.name, ref)
			}
			out.Failures = append(out.Failures, &v1.Failure{Arn: aws.String(arn), Reason: aws.String("MISSING")})
			continue
		}
		out.Tasks = append(out.Tasks, t.view(now, withTags))
	}
	return out, nil
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTasks.html
// desiredStatus defaults to RUNNING (PENDING matches nothing, as AWS
// notes); startedBy must be the only filter.
func (s *Service) listTasks(r *core.Request) (any, error) {
	var in v1.ListTasksInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	c, err := s.findCluster(in.Cluster)
	if err != nil {
		return nil, err
	}
	if in.StartedBy != nil && (in.Family != nil || in.ServiceName != nil || in.ContainerInstance != nil) {
		return nil, errInvalid("startedBy can not be combined with other filters.")
	}
	desired := aws.StringValue(in.DesiredStatus)
	if desired == "" {
		desired = "RUNNING"
	}
	now := s.env.Clock.Now()
	arns := []string{}
	for _, t := range c.tasks {
		if t.desiredStatus(now) != desired ||
			(in.Family != nil && *in.Family != t.td.family()) ||
			(in.ServiceName != nil && shortName(*in.ServiceName) != t.serviceName) ||
			(in.StartedBy != nil && *in.StartedBy != t.startedBy) ||
			(in.LaunchType != nil && *in.LaunchType != t.launchType) ||
			in.ContainerInstance != nil {
			continue
		}
		arns = append(arns, t.arn)
	}
	sort.Strings(arns)
	start, end, next, err := core.Page(len(arns), aws.StringValue(in.NextToken), int(aws.Int64Value(in.MaxResults)), 100)
	if err != nil {
		return nil, err
	}
	return &v1.ListTasksOutput{TaskArns: aws.StringSlice(arns[start:end]), NextToken: optString(next)}, nil
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopTask.html
// The fake stops the task at once (stopCode UserInitiated); a service
// replaces a task stopped this way.
func (s *Service) stopTask(r *core.Request) (any, error) {
	var in v1.StopTaskInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	c, err := s.findCluster(in.Cluster)
	if err != nil {
		return nil, err
	}
	t := c.findTask(aws.StringValue(in.Task))
	if t == nil {
		return nil, errInvalid("The referenced task was not found.")
	}
	reason := aws.StringValue(in.Reason)
	if reason == "" {
		reason = "Task stopped by user"
	}
	now := s.env.Clock.Now()
	t.requestStop(now, "UserInitiated", reason)
	return &v1.StopTaskOutput{Task: t.view(now, false)}, nil
}
