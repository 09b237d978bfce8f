package e2e

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/everruns/reconciler/pkg/reconcile"
)

// An apply of one change (a new api image and a new migrate image) killed
// at a random AWS call, then run again, converges having registered each
// new definition once and run the one-off task once per revision.
func TestECSCrashedRolloutResumesWithoutDuplicates(t *testing.T) {
	total := ecsAttempts(t)
	rng := rand.New(rand.NewPCG(*crashSeed, 8))
	for i := range min(*crashRepetitions, 16) {
		n := 1 + rng.IntN(total)
		lost := rng.IntN(2) == 0
		t.Run(fmt.Sprintf("%02d/crash-at-call-%d-lost-%v", i, n, lost), func(t *testing.T) {
			t.Parallel()
			w := newECSWorld(t)
			w.converge(t, ecsResources(t, "v1", "1"))
			change := ecsResources(t, "v2", "1", "v2")
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			cfg := testConfig(w.f)
			crashAfter(&cfg, n, lost, cancel)
			res, err := w.engine(t, cfg, change).Apply(ctx, envID, change, reconcile.ApplyOptions{Targets: ecsTargets})
			if err == nil && res.Converged() {
				t.Logf("the apply finished within %d calls", n)
			} else if err != nil && !errors.Is(err, context.Canceled) {
				t.Fatalf("crashed apply: %v", err)
			}
			w.converge(t, change)
			w.auditECS(t)
		})
	}
}

// ecsAttempts counts the AWS attempts of the change's apply, uncrashed.
func ecsAttempts(t *testing.T) int {
	t.Helper()
	w := newECSWorld(t)
	w.converge(t, ecsResources(t, "v1", "1"))
	change := ecsResources(t, "v2", "1", "v2")
	cfg := testConfig(w.f)
	calls := crashAfter(&cfg, 1<<30, false, func() {})
	res, err := w.engine(t, cfg, change).Apply(t.Context(), envID, change, reconcile.ApplyOptions{Targets: ecsTargets})
	if err != nil || !res.Converged() {
		t.Fatalf("uncrashed change: %v %v", err, res.Err())
	}
	return int(calls.Load())
}

// auditECS: every family holds two revisions (v1 and v2 for the changed
// ones, one for the others), and each migrate revision ran exactly once.
func (w *ecsWorld) auditECS(t *testing.T) {
	t.Helper()
	ctx := t.Context()
	want := map[string]int{"everruns-api-production": 2, "everruns-migrate-production": 2, "everruns-worker-production": 1, "everruns-ui-production": 1}
	for fam, n := range want {
		got := 0
		for _, st := range []types.TaskDefinitionStatus{types.TaskDefinitionStatusActive, types.TaskDefinitionStatusInactive} {
			out, err := w.ecs.ListTaskDefinitions(ctx, &ecs.ListTaskDefinitionsInput{FamilyPrefix: aws.String(fam), Status: st})
			if err != nil {
				t.Fatal(err)
			}
			got += len(out.TaskDefinitionArns)
		}
		if got != n {
			t.Errorf("family %s has %d revisions, want %d", fam, got, n)
		}
	}
	runs := map[string]int{}
	for _, st := range []types.DesiredStatus{types.DesiredStatusRunning, types.DesiredStatusStopped} {
		out, err := w.ecs.ListTasks(ctx, &ecs.ListTasksInput{Cluster: aws.String("everruns-production"), Family: aws.String("everruns-migrate-production"), DesiredStatus: st})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.TaskArns) == 0 {
			continue
		}
		d, err := w.ecs.DescribeTasks(ctx, &ecs.DescribeTasksInput{Cluster: aws.String("everruns-production"), Tasks: out.TaskArns})
		if err != nil {
			t.Fatal(err)
		}
		for _, task := range d.Tasks {
			runs[aws.ToString(task.TaskDefinitionArn)]++
		}
	}
	if len(runs) != 2 {
		t.Errorf("migrate ran for %d revisions, want 2: %v", len(runs), runs)
	}
	for rev, n := range runs {
		if n != 1 {
			t.Errorf("migrate ran %d times for %s", n, rev)
		}
	}
}
