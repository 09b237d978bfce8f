package ecs_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"
)

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html
// A new service's PRIMARY deployment is IN_PROGRESS, its tasks pending,
// then running after the task start time, and COMPLETED only after the
// deployment time, with AWS's steady-state event.
func TestRolloutCompletesOnlyAfterTimePasses(t *testing.T) {
	h := start(t)
	h.cluster(t, "prod")
	td := h.bridgeTaskDef(t, "web", "web:1")
	created := h.service(t, "prod", "web", td, 2)
	d := primary(t, *created)
	if d.RolloutState != types.DeploymentRolloutStateInProgress || d.PendingCount != 2 || d.RunningCount != 0 {
		t.Fatalf("at creation: %+v", d)
	}
	h.advance(taskStart)
	svc := h.describe(t, "prod", "web")
	if d := primary(t, svc); d.RunningCount != 2 || d.RolloutState != types.DeploymentRolloutStateInProgress {
		t.Fatalf("after task start: running %d state %s", d.RunningCount, d.RolloutState)
	}
	h.advance(deployTime)
	svc = h.describe(t, "prod", "web")
	if d := primary(t, svc); d.RolloutState != types.DeploymentRolloutStateCompleted || svc.RunningCount != 2 {
		t.Fatalf("after deployment time: state %s running %d", d.RolloutState, svc.RunningCount)
	}
	if !hasEvent(svc, "(service web) has reached a steady state.") {
		t.Errorf("events = %+v", svc.Events)
	}
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html
// During an update the previous deployment is ACTIVE and keeps its tasks;
// when the new one completes the old one drains and disappears.
func TestUpdateKeepsOldDeploymentActiveUntilNewCompletes(t *testing.T) {
	h := start(t)
	h.cluster(t, "prod")
	v1 := h.bridgeTaskDef(t, "web", "web:1")
	h.service(t, "prod", "web", v1, 2)
	h.advance(taskStart + deployTime)
	v2 := h.bridgeTaskDef(t, "web", "web:2")
	out, err := h.ecs.UpdateService(t.Context(), &ecs.UpdateServiceInput{Cluster: aws.String("prod"), Service: aws.String("web"), TaskDefinition: aws.String(v2)})
	if err != nil {
		t.Fatalf("UpdateService: %v", err)
	}
	if n := len(out.Service.Deployments); n != 2 {
		t.Fatalf("deployments during update = %d, want 2", n)
	}
	old := out.Service.Deployments[1]
	if aws.ToString(old.Status) != "ACTIVE" || old.RunningCount != 2 || aws.ToString(old.TaskDefinition) != v1 {
		t.Errorf("old deployment = %+v", old)
	}
	h.advance(taskStart)
	if svc := h.describe(t, "prod", "web"); len(svc.Deployments) != 2 || svc.RunningCount != 4 {
		t.Errorf("new tasks running, old not yet drained: deployments %d running %d", len(svc.Deployments), svc.RunningCount)
	}
	h.advance(deployTime)
	svc := h.describe(t, "prod", "web")
	if len(svc.Deployments) != 1 || aws.ToString(svc.Deployments[0].TaskDefinition) != v2 ||
		svc.Deployments[0].RolloutState != types.DeploymentRolloutStateCompleted || svc.RunningCount != 2 {
		t.Errorf("after completion: %+v", svc.Deployments)
	}
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentCircuitBreaker.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceDeploymentCircuitBreaker.html
// With the breaker and rollback, a deployment whose tasks keep failing is
// FAILED after threshold failures (min 3), the previous deployment becomes
// PRIMARY again and the events say so; the failed one then drains.
func TestCircuitBreakerRollsBack(t *testing.T) {
	h := start(t)
	h.cluster(t, "prod")
	good := h.bridgeTaskDef(t, "web", "web:good")
	h.service(t, "prod", "web", good, 2, withBreaker(true))
	h.advance(taskStart + deployTime)
	before := primary(t, h.describe(t, "prod", "web"))

	h.fake.FailImage("web:bad")
	bad := h.bridgeTaskDef(t, "web", "web:bad")
	if _, err := h.ecs.UpdateService(t.Context(), &ecs.UpdateServiceInput{Cluster: aws.String("prod"), Service: aws.String("web"), TaskDefinition: aws.String(bad)}); err != nil {
		t.Fatal(err)
	}
	// First wave: 2 tasks fail, below the threshold of 3.
	h.advance(taskStart)
	svc := h.describe(t, "prod", "web")
	if d := primary(t, svc); d.RolloutState != types.DeploymentRolloutStateInProgress || d.FailedTasks != 2 || aws.ToString(d.TaskDefinition) != bad {
		t.Fatalf("after first failures: %+v", d)
	}
	stopped, err := h.ecs.ListTasks(t.Context(), &ecs.ListTasksInput{Cluster: aws.String("prod"), ServiceName: aws.String("web"), DesiredStatus: types.DesiredStatusStopped})
	if err != nil || len(stopped.TaskArns) != 2 {
		t.Fatalf("stopped tasks = %v, %v", stopped, err)
	}
	tasks, _ := h.ecs.DescribeTasks(t.Context(), &ecs.DescribeTasksInput{Cluster: aws.String("prod"), Tasks: stopped.TaskArns})
	if tk := tasks.Tasks[0]; aws.ToString(tk.StoppedReason) != "Essential container in task exited" ||
		tk.StopCode != types.TaskStopCodeEssentialContainerExited || aws.ToInt32(tk.Containers[0].ExitCode) != 1 {
		t.Errorf("failed task = reason %q code %s", aws.ToString(tk.StoppedReason), tk.StopCode)
	}
	// Second wave (retries wait at least the start time): 4 >= 3, FAILED.
	h.advance(2 * taskStart)
	svc = h.describe(t, "prod", "web")
	p := primary(t, svc)
	if aws.ToString(p.Id) != aws.ToString(before.Id) || aws.ToString(svc.TaskDefinition) != good {
		t.Fatalf("after threshold: primary %s (want %s), service task definition %s", aws.ToString(p.Id), aws.ToString(before.Id), aws.ToString(svc.TaskDefinition))
	}
	var failed types.Deployment
	for _, d := range svc.Deployments {
		if aws.ToString(d.Status) == "ACTIVE" {
			failed = d
		}
	}
	if failed.RolloutState != types.DeploymentRolloutStateFailed {
		t.Errorf("failed deployment = %+v", failed)
	}
	if !hasEvent(svc, "(service web) rolling back to deployment "+aws.ToString(before.Id)+".") ||
		!hasEvent(svc, "(service web) (deployment "+aws.ToString(failed.Id)+") deployment failed: tasks failed to start.") {
		t.Errorf("events = %v", messages(svc))
	}
	h.advance(deployTime)
	svc = h.describe(t, "prod", "web")
	if len(svc.Deployments) != 1 || svc.RunningCount != 2 || primary(t, svc).RolloutState != types.DeploymentRolloutStateCompleted {
		t.Errorf("after rollback: %+v running %d", svc.Deployments, svc.RunningCount)
	}
}

// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html
// Without the breaker ECS keeps replacing failing tasks: the deployment
// stays IN_PROGRESS however long it runs.
func TestWithoutBreakerKeepsTrying(t *testing.T) {
	h := start(t)
	h.cluster(t, "prod")
	h.fake.FailImage("web:bad")
	td := h.bridgeTaskDef(t, "web", "web:bad")
	h.service(t, "prod", "web", td, 1)
	h.advance(taskStart + 20*2*taskStart)
	d := primary(t, h.describe(t, "prod", "web"))
	if d.RolloutState != types.DeploymentRolloutStateInProgress || d.FailedTasks < 10 || d.RunningCount != 0 {
		t.Errorf("deployment = state %s failed %d running %d", d.RolloutState, d.FailedTasks, d.RunningCount)
	}
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentCircuitBreaker.html
// With the breaker but no rollback (or nothing to roll back to) the
// deployment is FAILED and stays PRIMARY.
func TestBreakerWithoutRollbackFails(t *testing.T) {
	h := start(t)
	h.cluster(t, "prod")
	h.fake.FailImage("web:bad")
	td := h.bridgeTaskDef(t, "web", "web:bad")
	h.service(t, "prod", "web", td, 1, withBreaker(false))
	h.advance(taskStart + 2*2*taskStart) // three failures: the minimum threshold
	d := primary(t, h.describe(t, "prod", "web"))
	if d.RolloutState != types.DeploymentRolloutStateFailed || d.FailedTasks != 3 {
		t.Errorf("deployment = state %s failed %d", d.RolloutState, d.FailedTasks)
	}
}

func messages(svc types.Service) []string {
	var out []string
	for _, e := range svc.Events {
		out = append(out, aws.ToString(e.Message))
	}
	return out
}
