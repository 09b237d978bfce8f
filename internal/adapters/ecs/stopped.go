package ecs

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"
)

// stoppedFacts says why the tasks of revision arn stopped: the newest
// stopped task of the service that ran it, with its stopped reason, each
// container's exit code and reason, and where its logs are. Two calls
// (ListTasks STOPPED, DescribeTasks), only for a failed rollout, once.
func (k *services) stoppedFacts(ctx context.Context, cluster, service, arn string) (string, error) {
	key := service + "|" + arn
	k.mu.Lock()
	facts, ok := k.facts[key]
	k.mu.Unlock()
	if ok {
		return facts, nil
	}
	list, err := k.api.ListTasks(ctx, &ecs.ListTasksInput{Cluster: aws.String(cluster), ServiceName: aws.String(service),
		DesiredStatus: types.DesiredStatusStopped})
	if err != nil {
		return "", fmt.Errorf("list stopped tasks: %w", err)
	}
	if len(list.TaskArns) == 0 {
		return "ECS no longer lists its stopped tasks", nil
	}
	out, err := k.api.DescribeTasks(ctx, &ecs.DescribeTasksInput{Cluster: aws.String(cluster), Tasks: list.TaskArns})
	if err != nil {
		return "", fmt.Errorf("describe stopped tasks: %w", err)
	}
	t := newestOf(out.Tasks, arn)
	if t == nil {
		return "no stopped task of that revision is listed", nil
	}
	facts = k.describeStop(ctx, *t)
	k.mu.Lock()
	k.facts[key] = facts
	k.mu.Unlock()
	return facts, nil
}

func newestOf(tasks []types.Task, arn string) *types.Task {
	var best *types.Task
	for i, t := range tasks {
		if arn != "" && aws.ToString(t.TaskDefinitionArn) != arn {
			continue
		}
		if best == nil || t.StoppedAt != nil && best.StoppedAt != nil && t.StoppedAt.After(*best.StoppedAt) {
			best = &tasks[i]
		}
	}
	return best
}

// describeStop is one stopped task for people: why it stopped, how each
// container ended, and the log stream to read (<prefix>/<container>/<id>).
func (k *services) describeStop(ctx context.Context, t types.Task) string {
	return stopFacts(ctx, k.revisions, t)
}

func stopFacts(ctx context.Context, rs *revisions, t types.Task) string {
	id := taskID(aws.ToString(t.TaskArn))
	parts := []string{fmt.Sprintf("task %s stopped (%s): %s", id, t.StopCode, aws.ToString(t.StoppedReason))}
	for _, c := range t.Containers {
		s := "container " + aws.ToString(c.Name)
		if c.ExitCode != nil {
			s += fmt.Sprintf(" exit code %d", *c.ExitCode)
		} else {
			s += " did not run"
		}
		if r := aws.ToString(c.Reason); r != "" {
			s += " (" + r + ")"
		}
		parts = append(parts, s)
	}
	if r, err := rs.describe(ctx, aws.ToString(t.TaskDefinitionArn)); err == nil {
		for _, cd := range r.def.ContainerDefinitions {
			if l := cd.LogConfiguration; l != nil && l.Options["awslogs-group"] != "" {
				parts = append(parts, fmt.Sprintf("logs: group %s, stream %s/%s/%s", l.Options["awslogs-group"],
					l.Options["awslogs-stream-prefix"], aws.ToString(cd.Name), id))
			}
		}
	}
	return strings.Join(parts, "; ")
}

func taskID(arn string) string { return arn[strings.LastIndex(arn, "/")+1:] }
