package ecs_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"
)

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/ECS_Idempotency.html
// A retry with the same clientToken and parameters returns the tasks of
// the first call and starts none; the same token with other parameters is
// ConflictException naming those tasks; a token lives 24 hours at most,
// and no longer than its tasks.
func TestRunTaskClientToken(t *testing.T) {
	h := start(t)
	h.cluster(t, "prod")
	h.bridgeTaskDef(t, "job", "job:1")
	run := func(token string, count int32) (*ecs.RunTaskOutput, error) {
		return h.ecs.RunTask(t.Context(), &ecs.RunTaskInput{Cluster: aws.String("prod"), TaskDefinition: aws.String("job"),
			ClientToken: aws.String(token), Count: aws.Int32(count), StartedBy: aws.String("migrations")})
	}
	first, err := run("deploy-42", 1)
	if err != nil {
		t.Fatalf("RunTask: %v", err)
	}
	again, err := run("deploy-42", 1)
	if err != nil {
		t.Fatalf("RunTask retry: %v", err)
	}
	arn := aws.ToString(first.Tasks[0].TaskArn)
	if len(again.Tasks) != 1 || aws.ToString(again.Tasks[0].TaskArn) != arn {
		t.Errorf("retry ran %+v, want the task %s again", again.Tasks, arn)
	}
	if n := h.countTasks(t, &ecs.ListTasksInput{StartedBy: aws.String("migrations")}); n != 1 {
		t.Errorf("%d tasks running after a retry, want 1", n)
	}
	_, err = run("deploy-42", 2)
	wantCode(t, err, "ConflictException")
	var conflict *types.ConflictException
	if !errors.As(err, &conflict) || len(conflict.ResourceIds) != 1 || conflict.ResourceIds[0] != arn {
		t.Errorf("ConflictException resourceIds = %+v, want [%s]", conflict, arn)
	}
	h.advance(24 * time.Hour)
	later, err := run("deploy-42", 2)
	if err != nil || len(later.Tasks) != 2 || aws.ToString(later.Tasks[0].TaskArn) == arn {
		t.Errorf("after 24 hours: %+v, %v; want two new tasks", later, err)
	}
}

func (h *harness) countTasks(t *testing.T, in *ecs.ListTasksInput) int {
	t.Helper()
	in.Cluster = aws.String("prod")
	out, err := h.ecs.ListTasks(t.Context(), in)
	if err != nil {
		t.Fatalf("ListTasks: %v", err)
	}
	return len(out.TaskArns)
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTasks.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTasks.html
// A one-off task (a batch job) runs and stops by itself, its container
// exiting 0, or non-zero when its image fails; DescribeTasks shows why,
// who started it, its definition and (include=TAGS) the tags given and
// propagated; ListTasks finds it by family or startedBy with
// desiredStatus STOPPED for at least an hour.
func TestOneOffTaskRunsToCompletion(t *testing.T) {
	h := start(t)
	h.cluster(t, "prod")
	tdARN := h.bridgeTaskDef(t, "migrate", "migrate:1")
	if _, err := h.ecs.TagResource(t.Context(), &ecs.TagResourceInput{ResourceArn: aws.String(tdARN), Tags: []types.Tag{{Key: aws.String("app"), Value: aws.String("db")}}}); err != nil {
		t.Fatalf("TagResource: %v", err)
	}
	h.bridgeTaskDef(t, "broken", "broken:1")
	h.fake.FailImage("broken:1")
	ok, err := h.ecs.RunTask(t.Context(), &ecs.RunTaskInput{Cluster: aws.String("prod"), TaskDefinition: aws.String("migrate"), StartedBy: aws.String("deploy"),
		PropagateTags: types.PropagateTagsTaskDefinition, Tags: []types.Tag{{Key: aws.String("run"), Value: aws.String("42")}}})
	if err != nil {
		t.Fatalf("RunTask: %v", err)
	}
	bad, err := h.ecs.RunTask(t.Context(), &ecs.RunTaskInput{Cluster: aws.String("prod"), TaskDefinition: aws.String("broken")})
	if err != nil {
		t.Fatalf("RunTask broken: %v", err)
	}
	h.advance(2 * taskStart)
	out, err := h.ecs.DescribeTasks(t.Context(), &ecs.DescribeTasksInput{Cluster: aws.String("prod"), Include: []types.TaskField{types.TaskFieldTags},
		Tasks: []string{aws.ToString(ok.Tasks[0].TaskArn), aws.ToString(bad.Tasks[0].TaskArn)}})
	if err != nil || len(out.Tasks) != 2 {
		t.Fatalf("DescribeTasks: %+v, %v", out, err)
	}
	done, failed := out.Tasks[0], out.Tasks[1]
	tags, _ := json.Marshal(done.Tags)
	if aws.ToString(done.LastStatus) != "STOPPED" || done.StopCode != types.TaskStopCodeEssentialContainerExited || done.Containers[0].ExitCode == nil ||
		aws.ToInt32(done.Containers[0].ExitCode) != 0 || aws.ToString(done.StartedBy) != "deploy" || aws.ToString(done.TaskDefinitionArn) != tdARN || len(done.Tags) != 2 {
		t.Errorf("job = %s %s exit %v by %s def %s tags %s", aws.ToString(done.LastStatus), done.StopCode, done.Containers[0].ExitCode,
			aws.ToString(done.StartedBy), aws.ToString(done.TaskDefinitionArn), tags)
	}
	if aws.ToString(failed.LastStatus) != "STOPPED" || aws.ToInt32(failed.Containers[0].ExitCode) == 0 || aws.ToString(failed.StoppedReason) != "Essential container in task exited" {
		t.Errorf("failing job = %s exit %v %q", aws.ToString(failed.LastStatus), failed.Containers[0].ExitCode, aws.ToString(failed.StoppedReason))
	}
	h.advance(time.Hour)
	stopped := types.DesiredStatusStopped
	if n := h.countTasks(t, &ecs.ListTasksInput{Family: aws.String("migrate"), DesiredStatus: stopped}); n != 1 {
		t.Errorf("stopped tasks of family migrate an hour later = %d, want 1", n)
	}
	if n := h.countTasks(t, &ecs.ListTasksInput{StartedBy: aws.String("deploy"), DesiredStatus: stopped}); n != 1 {
		t.Errorf("stopped tasks started by deploy = %d, want 1", n)
	}
}
