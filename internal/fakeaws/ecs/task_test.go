package ecs_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

func (h *harness) describeTask(t *testing.T, cluster, arn string) types.Task {
	t.Helper()
	out, err := h.ecs.DescribeTasks(t.Context(), &ecs.DescribeTasksInput{Cluster: aws.String(cluster), Tasks: []string{arn}})
	if err != nil || len(out.Tasks) != 1 {
		t.Fatalf("DescribeTasks = %+v, %v", out, err)
	}
	return out.Tasks[0]
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-lifecycle-explanation.html
// A one-off task goes PROVISIONING → PENDING → RUNNING → STOPPED, its
// essential container exiting 0.
func TestRunTaskLifecycle(t *testing.T) {
	h := start(t)
	h.cluster(t, "prod")
	td := h.bridgeTaskDef(t, "migrate", "migrate:1")
	out, err := h.ecs.RunTask(t.Context(), &ecs.RunTaskInput{Cluster: aws.String("prod"), TaskDefinition: aws.String("migrate"), StartedBy: aws.String("reconciler")})
	if err != nil || len(out.Tasks) != 1 {
		t.Fatalf("RunTask = %+v, %v", out, err)
	}
	task := out.Tasks[0]
	arn := aws.ToString(task.TaskArn)
	if !strings.HasPrefix(arn, "arn:aws:ecs:us-east-1:123456789012:task/prod/") || aws.ToString(task.TaskDefinitionArn) != td ||
		aws.ToString(task.LastStatus) != "PROVISIONING" || aws.ToString(task.DesiredStatus) != "RUNNING" ||
		aws.ToString(task.StartedBy) != "reconciler" || aws.ToString(task.Group) != "family:migrate" {
		t.Fatalf("task = %+v", task)
	}
	steps := []struct{ last, desired string }{{"PENDING", "RUNNING"}, {"RUNNING", "RUNNING"}, {"STOPPED", "STOPPED"}}
	for _, want := range steps {
		h.advance(taskStart / 2)
		if want.last != "PENDING" {
			h.advance(taskStart / 2)
		}
		got := h.describeTask(t, "prod", arn)
		if aws.ToString(got.LastStatus) != want.last || aws.ToString(got.DesiredStatus) != want.desired {
			t.Fatalf("status = %s/%s, want %s/%s", aws.ToString(got.LastStatus), aws.ToString(got.DesiredStatus), want.last, want.desired)
		}
	}
	got := h.describeTask(t, "prod", arn)
	if aws.ToInt32(got.Containers[0].ExitCode) != 0 || got.Containers[0].ExitCode == nil || got.StopCode != types.TaskStopCodeEssentialContainerExited {
		t.Errorf("stopped task: exit %v code %s", got.Containers[0].ExitCode, got.StopCode)
	}
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopTask.html
func TestStopTask(t *testing.T) {
	h := start(t)
	h.cluster(t, "prod")
	h.bridgeTaskDef(t, "job", "job:1")
	out, _ := h.ecs.RunTask(t.Context(), &ecs.RunTaskInput{Cluster: aws.String("prod"), TaskDefinition: aws.String("job")})
	arn := aws.ToString(out.Tasks[0].TaskArn)
	stop, err := h.ecs.StopTask(t.Context(), &ecs.StopTaskInput{Cluster: aws.String("prod"), Task: aws.String(arn), Reason: aws.String("no longer needed")})
	if err != nil || aws.ToString(stop.Task.DesiredStatus) != "STOPPED" || aws.ToString(stop.Task.StoppedReason) != "no longer needed" ||
		stop.Task.StopCode != types.TaskStopCodeUserInitiated {
		t.Fatalf("StopTask = %+v, %v", stop, err)
	}
	_, err = h.ecs.StopTask(t.Context(), &ecs.StopTaskInput{Cluster: aws.String("prod"), Task: aws.String("0123456789abcdef0123456789abcdef")})
	wantCode(t, err, "InvalidParameterException")
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTasks.html
// Filters: family, serviceName, desiredStatus (RUNNING by default),
// startedBy (alone).
func TestListTasksFilters(t *testing.T) {
	h := start(t)
	h.cluster(t, "prod")
	h.bridgeTaskDef(t, "job", "job:1")
	h.service(t, "prod", "web", h.bridgeTaskDef(t, "web", "web:1"), 2)
	run, _ := h.ecs.RunTask(t.Context(), &ecs.RunTaskInput{Cluster: aws.String("prod"), TaskDefinition: aws.String("job"), StartedBy: aws.String("ci")})
	jobARN := aws.ToString(run.Tasks[0].TaskArn)
	count := func(in *ecs.ListTasksInput) int {
		in.Cluster = aws.String("prod")
		out, err := h.ecs.ListTasks(t.Context(), in)
		if err != nil {
			t.Fatalf("ListTasks: %v", err)
		}
		return len(out.TaskArns)
	}
	checks := map[string]struct {
		in   *ecs.ListTasksInput
		want int
	}{
		"all running":    {&ecs.ListTasksInput{}, 3},
		"family":         {&ecs.ListTasksInput{Family: aws.String("web")}, 2},
		"service":        {&ecs.ListTasksInput{ServiceName: aws.String("web")}, 2},
		"started by":     {&ecs.ListTasksInput{StartedBy: aws.String("ci")}, 1},
		"stopped":        {&ecs.ListTasksInput{DesiredStatus: types.DesiredStatusStopped}, 0},
		"pending: never": {&ecs.ListTasksInput{DesiredStatus: types.DesiredStatusPending}, 0},
	}
	for name, c := range checks {
		if got := count(c.in); got != c.want {
			t.Errorf("%s: %d tasks, want %d", name, got, c.want)
		}
	}
	h.advance(2 * taskStart) // the one-off task has run to completion
	if got := count(&ecs.ListTasksInput{DesiredStatus: types.DesiredStatusStopped}); got != 1 {
		t.Errorf("stopped after completion = %d, want 1 (%s)", got, jobARN)
	}
	_, err := h.ecs.ListTasks(t.Context(), &ecs.ListTasksInput{Cluster: aws.String("prod"), StartedBy: aws.String("ci"), Family: aws.String("job")})
	wantCode(t, err, "InvalidParameterException")
}

// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/resource-initialization-error.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Secret.html
// A definition whose secret does not exist registers fine; its tasks fail
// to start with ResourceInitializationError. Creating the secret fixes
// later tasks.
func TestMissingSecretFailsTasksNotRegistration(t *testing.T) {
	h := start(t)
	h.cluster(t, "prod")
	sm := secretsmanager.NewFromConfig(h.cfg)
	created, err := sm.CreateSecret(t.Context(), &secretsmanager.CreateSecretInput{Name: aws.String("other"), SecretString: aws.String("x")})
	if err != nil {
		t.Fatalf("CreateSecret: %v", err)
	}
	missing := strings.Replace(aws.ToString(created.ARN), ":secret:other-", ":secret:db-", 1)
	_, err = h.ecs.RegisterTaskDefinition(t.Context(), &ecs.RegisterTaskDefinitionInput{
		Family: aws.String("web"), ExecutionRoleArn: aws.String(execRole),
		ContainerDefinitions: []types.ContainerDefinition{{Name: aws.String("app"), Image: aws.String("web:1"), Memory: aws.Int32(256),
			Secrets: []types.Secret{{Name: aws.String("DB"), ValueFrom: aws.String(missing + ":password::")}}}},
	})
	if err != nil {
		t.Fatalf("RegisterTaskDefinition with a missing secret: %v", err)
	}
	run, err := h.ecs.RunTask(t.Context(), &ecs.RunTaskInput{Cluster: aws.String("prod"), TaskDefinition: aws.String("web")})
	if err != nil {
		t.Fatalf("RunTask: %v", err)
	}
	h.advance(taskStart)
	task := h.describeTask(t, "prod", aws.ToString(run.Tasks[0].TaskArn))
	if aws.ToString(task.LastStatus) != "STOPPED" || task.StopCode != types.TaskStopCodeTaskFailedToStart ||
		!strings.HasPrefix(aws.ToString(task.StoppedReason), "ResourceInitializationError: unable to pull secrets or registry auth") ||
		task.StartedAt != nil {
		t.Errorf("task = %s %s %q", aws.ToString(task.LastStatus), task.StopCode, aws.ToString(task.StoppedReason))
	}
	// The same definition with the secret present runs.
	existing := aws.ToString(created.ARN)
	_, err = h.ecs.RegisterTaskDefinition(t.Context(), &ecs.RegisterTaskDefinitionInput{
		Family: aws.String("web"), ExecutionRoleArn: aws.String(execRole),
		ContainerDefinitions: []types.ContainerDefinition{{Name: aws.String("app"), Image: aws.String("web:1"), Memory: aws.Int32(256),
			Secrets: []types.Secret{{Name: aws.String("DB"), ValueFrom: aws.String(existing)}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	run, _ = h.ecs.RunTask(t.Context(), &ecs.RunTaskInput{Cluster: aws.String("prod"), TaskDefinition: aws.String("web")})
	h.advance(taskStart)
	if got := aws.ToString(h.describeTask(t, "prod", aws.ToString(run.Tasks[0].TaskArn)).LastStatus); got != "RUNNING" {
		t.Errorf("with the secret present: %s, want RUNNING", got)
	}
}

// The test hook POST /_devcloud/ecs/fail-image marks an image failing over
// HTTP, as black-box runs of the standalone server do.
func TestFailImageHook(t *testing.T) {
	h := start(t)
	h.cluster(t, "prod")
	h.bridgeTaskDef(t, "job", "job:broken")
	hs := httptest.NewServer(h.srv)
	defer hs.Close()
	resp, err := http.Post(hs.URL+"/_devcloud/ecs/fail-image?image=job:broken", "", nil)
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("hook = %v, %v", resp, err)
	}
	_ = resp.Body.Close()
	run, _ := h.ecs.RunTask(t.Context(), &ecs.RunTaskInput{Cluster: aws.String("prod"), TaskDefinition: aws.String("job")})
	h.advance(taskStart)
	task := h.describeTask(t, "prod", aws.ToString(run.Tasks[0].TaskArn))
	if aws.ToString(task.StoppedReason) != "Essential container in task exited" || aws.ToInt32(task.Containers[0].ExitCode) != 1 {
		t.Errorf("task = %s %q", aws.ToString(task.LastStatus), aws.ToString(task.StoppedReason))
	}
}
