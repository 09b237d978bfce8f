package ecs

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// runTasks is ecs.run_task: a one-off task run once per revision of its
// definition. The run is remembered on the revision itself (tag
// everruns:run = the task's ID), so that a restart, or a pass an hour
// later when ECS no longer lists the stopped task, never runs it twice.
type runTasks struct{ *shared }

// AwaitAfterChange: a run is not done until its task stopped.
func (k *runTasks) AwaitAfterChange() bool { return true }

// Observe finds, for each one-off definition, the run of its newest
// revision: one ListTaskDefinitions (revisions come from the cache) and
// one DescribeTasks for the runs not yet known to have stopped: neither
// seen stopped by this process nor recorded as exited 0 on the revision
// (tagRunResult, which an apply writes when it sees the task stop so).
func (k *runTasks) Observe(ctx context.Context, id desired.Identity) (map[desired.Address]reconcile.Live, error) {
	cluster, err := k.cluster.find(ctx, id)
	if err != nil || cluster == "" {
		return kit.Observation{}, err
	}
	cur, err := k.revisions.current(ctx, id)
	if err != nil {
		return nil, err
	}
	runs := map[string]revision{}
	var ask []string
	for addr, r := range cur {
		if strings.HasPrefix(string(addr), "task.") && r.tags[tagRun] != "" {
			runs[r.tags[tagRun]] = r
			if r.tags[tagRunResult] != runExit0 {
				ask = append(ask, r.tags[tagRun])
			}
		}
	}
	slices.Sort(ask)
	tasks, err := k.describe(ctx, cluster, ask)
	if err != nil {
		return nil, err
	}
	out := kit.Observation{}
	for taskID, r := range runs {
		t := tasks[taskID]
		if t != nil && reconcile.Acting(ctx) && r.tags[tagRunResult] != runExit0 && aws.ToString(t.LastStatus) == "STOPPED" && exitedZero(*t) {
			k.recordExit0(ctx, r.arn())
		}
		l := k.runLive(ctx, id, cluster, r, t)
		if err := kit.Put(out, runAddress(r), l); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func runAddress(r revision) desired.Address {
	return desired.Address(strings.TrimSuffix(r.tags[names.TagAddress], ".task_definition"))
}

// describe returns the tasks by ID; a task ECS no longer lists is absent.
// A stopped task never changes: it is kept and not described again.
func (k *runTasks) describe(ctx context.Context, cluster string, ids []string) (map[string]*types.Task, error) {
	out := map[string]*types.Task{}
	var ask []string
	k.mu.Lock()
	for _, id := range ids {
		if t, ok := k.stopped[id]; ok {
			out[id] = t
		} else {
			ask = append(ask, id)
		}
	}
	k.mu.Unlock()
	for batch := range chunks(ask, 100) {
		d, err := k.api.DescribeTasks(ctx, &ecs.DescribeTasksInput{Cluster: aws.String(cluster), Tasks: batch})
		if err != nil {
			return nil, fmt.Errorf("describe tasks: %w", err)
		}
		for i := range d.Tasks {
			t := &d.Tasks[i]
			out[taskID(aws.ToString(t.TaskArn))] = t
			if aws.ToString(t.LastStatus) == "STOPPED" {
				k.mu.Lock()
				k.stopped[taskID(aws.ToString(t.TaskArn))] = t
				k.mu.Unlock()
			}
		}
	}
	return out, nil
}

// runLive is the run of revision r: its fields come from the revision's
// marks, its state from the task.
func (k *runTasks) runLive(ctx context.Context, id desired.Identity, cluster string, r revision, t *types.Task) reconcile.Live {
	f := names.RunTask
	l := reconcile.Live{ID: r.tags[tagRun], Attrs: map[string]string{"task_id": r.tags[tagRun]}, Fields: map[string]any{
		f.Cluster: cluster, f.TaskDefinition: r.arn(), f.LaunchType: string(types.LaunchTypeFargate),
		f.Network: map[string]any{names.TaskNetwork.Subnets: splitSet(r.tags[tagSubnets]),
			names.TaskNetwork.SecurityGroups: splitSet(r.tags[tagGroups]), names.TaskNetwork.AssignPublicIP: false},
		f.Tags: runTags(id, r),
	}}
	switch {
	case t == nil && r.tags[tagRunResult] == runExit0:
		l.Ready, l.Status = true, "STOPPED (exit 0)"
	case t == nil:
		l.Ready, l.Status = true, "STOPPED"
		l.Notes = []string{fmt.Sprintf("task %s of %s ran; ECS no longer lists it (stopped tasks are kept about an hour)", l.ID, shortRevision(r.arn()))}
	case aws.ToString(t.LastStatus) != "STOPPED":
		l.Status = aws.ToString(t.LastStatus)
	case exitedZero(*t):
		l.Ready, l.Status = true, "STOPPED (exit 0)"
	default:
		if r.def == nil { // a summary: the image is in the definition
			if full, err := k.revisions.describe(ctx, r.arn()); err == nil {
				r = full
			}
		}
		l.Status = "STOPPED"
		l.Failure = fmt.Sprintf("one-off task of %s (image %s) failed: %s", shortRevision(r.arn()), imageOf(r), stopFacts(ctx, k.revisions, *t))
		l.Notes = []string{l.Failure}
	}
	return l
}

// recordExit0 marks the revision whose run exited 0 (tagRunResult). It is
// bookkeeping: a failure only means the task is described again next
// time, so it fails nothing.
func (k *runTasks) recordExit0(ctx context.Context, rev string) {
	mark := map[string]string{tagRunResult: runExit0}
	if _, err := k.api.TagResource(ctx, &ecs.TagResourceInput{ResourceArn: aws.String(rev), Tags: ecsTags(mark)}); err == nil {
		k.revisions.tagged(rev, mark)
	}
}

// exitedZero: every essential container of the task exited with 0 (a
// task that never started has no exit code).
func exitedZero(t types.Task) bool {
	if len(t.Containers) == 0 {
		return false
	}
	for _, c := range t.Containers {
		if c.ExitCode == nil || *c.ExitCode != 0 {
			return false
		}
	}
	return true
}

func imageOf(r revision) string {
	if r.def == nil || len(r.def.ContainerDefinitions) == 0 {
		return "unknown"
	}
	return aws.ToString(r.def.ContainerDefinitions[0].Image)
}

// runTags are the run's tags as the file declares them: those of its
// definition (the expansion gives both the same file tags) with the
// run's own address and name (the family without "-<environment>").
func runTags(id desired.Identity, r revision) map[string]any {
	t := observedTags(r.tags)
	t[names.TagAddress] = string(runAddress(r))
	if n, ok := t["Name"].(string); ok {
		t["Name"] = strings.TrimSuffix(n, "-"+id.Environment)
	}
	return t
}

func splitSet(s string) desired.Set {
	out := desired.Set{}
	for _, v := range strings.Split(s, ",") {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// Create runs the task for the revision the file names now: an earlier
// run of it (a crash between RunTask and the mark) is found by startedBy
// first, and RunTask carries a clientToken, so it never runs twice.
func (k *runTasks) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	f := names.RunTask
	var rd kit.Reader
	rev, cluster := rd.String(r.Fields, f.TaskDefinition), rd.String(r.Fields, f.Cluster)
	n := rd.Map(r.Fields, f.Network)
	subnets, groups := rd.Strings(n, names.TaskNetwork.Subnets), rd.Strings(n, names.TaskNetwork.SecurityGroups)
	if err := rd.Err(); err != nil {
		return reconcile.Live{}, err
	}
	by := startedBy(rev)
	taskARN, err := k.findRun(ctx, cluster, by)
	if err != nil {
		return reconcile.Live{}, err
	}
	if taskARN == "" {
		if taskARN, err = k.run(ctx, id, r, by); err != nil {
			return reconcile.Live{}, err
		}
	}
	mark := map[string]string{tagRun: taskID(taskARN),
		tagSubnets: strings.Join(subnets, ","), tagGroups: strings.Join(groups, ",")}
	if _, err := k.api.TagResource(ctx, &ecs.TagResourceInput{ResourceArn: aws.String(rev), Tags: ecsTags(mark)}); err != nil {
		return reconcile.Live{}, fmt.Errorf("mark the run on its revision: %w", err)
	}
	k.revisions.tagged(rev, mark)
	return reconcile.Live{ID: taskID(taskARN), Fields: r.Fields, Status: "PROVISIONING"}, nil
}

// startedBy names the runs of one revision (ECS allows 128 characters).
func startedBy(rev string) string {
	sum := sha256.Sum256([]byte(rev))
	return "everruns-" + hex.EncodeToString(sum[:8])
}

// findRun returns a task started for the revision, running or stopped.
func (k *runTasks) findRun(ctx context.Context, cluster, by string) (string, error) {
	for _, st := range []types.DesiredStatus{types.DesiredStatusRunning, types.DesiredStatusStopped} {
		out, err := k.api.ListTasks(ctx, &ecs.ListTasksInput{Cluster: aws.String(cluster), StartedBy: aws.String(by), DesiredStatus: st})
		if err != nil {
			return "", fmt.Errorf("list runs: %w", err)
		}
		if len(out.TaskArns) > 0 {
			return out.TaskArns[0], nil
		}
	}
	return "", nil
}

func (k *runTasks) run(ctx context.Context, id desired.Identity, r desired.Resource, by string) (string, error) {
	f := names.RunTask
	tags, err := kit.Tags(id, r)
	if err != nil {
		return "", err
	}
	var rd kit.Reader
	in := &ecs.RunTaskInput{Cluster: aws.String(rd.String(r.Fields, f.Cluster)),
		TaskDefinition: aws.String(rd.String(r.Fields, f.TaskDefinition)), LaunchType: types.LaunchType(rd.String(r.Fields, f.LaunchType)),
		NetworkConfiguration: networkInput(&rd, r.Fields, f.Network), Count: aws.Int32(1), StartedBy: aws.String(by),
		Tags: ecsTags(tags), EnableECSManagedTags: true}
	if err := rd.Err(); err != nil {
		return "", err
	}
	// The token must differ per revision: one run per revision.
	token, err := kit.Token(id, r, aws.ToString(in.TaskDefinition), 64)
	if err != nil {
		return "", err
	}
	in.ClientToken = aws.String(token)
	out, err := k.api.RunTask(ctx, in)
	if err != nil {
		return "", fmt.Errorf("run task: %w", err)
	}
	if len(out.Tasks) == 0 {
		return "", fmt.Errorf("run task: ECS started none: %s", failures(out.Failures))
	}
	return aws.ToString(out.Tasks[0].TaskArn), nil
}

func failures(fs []types.Failure) string {
	var s []string
	for _, f := range fs {
		s = append(s, aws.ToString(f.Reason)+" "+aws.ToString(f.Detail))
	}
	return strings.Join(s, "; ")
}

// Update runs the task again: its definition changed.
func (k *runTasks) Update(ctx context.Context, id desired.Identity, r desired.Resource, _ reconcile.Live, _ drift.Delta) (reconcile.Live, error) {
	return k.Create(ctx, id, r)
}

// Delete stops the run if it still runs; a finished run has nothing left.
func (k *runTasks) Delete(ctx context.Context, live reconcile.Live) error {
	cluster, err := kit.String(live.Fields, names.RunTask.Cluster)
	if err != nil {
		return err
	}
	_, err = k.api.StopTask(ctx, &ecs.StopTaskInput{Cluster: aws.String(cluster), Task: aws.String(live.ID)})
	if err = Errors.IgnoreNotFound(err); err != nil && kit.Code(err) != "InvalidParameterException" {
		return fmt.Errorf("stop task: %w", err)
	}
	return nil
}
