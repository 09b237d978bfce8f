package ecs

import (
	"context"
	"strings"
	"testing"

	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

func (h *harness) migrateDefinition(image string) reconcile.Live {
	h.t.Helper()
	td, err := h.kinds[names.KindTaskDefinition].Create(h.t.Context(), prod, taskDef("task.migrate.task_definition", "migrate", image, 0))
	if err != nil {
		h.t.Fatal(err)
	}
	return td
}

func TestOneOffTaskRunsOncePerRevision(t *testing.T) {
	h := newHarness(t)
	td := h.migrateDefinition("example/admin:v1")
	r := h.runTask("task.migrate", "everruns-migrate", td.ID)
	if _, err := h.kinds[names.KindRunTask].Create(t.Context(), prod, r); err != nil {
		t.Fatal(err)
	}
	live := h.settle(names.KindRunTask, r.Address)
	if !live.Ready || len(delta(r, live)) != 0 {
		t.Fatalf("run: ready %v failure %q drift %v", live.Ready, live.Failure, delta(r, live))
	}
	// A restart (nothing cached) finds the run and does not run it again,
	// even when asked to create it (a crash before the engine saw it).
	h.kinds = Kinds(h.client)
	h.srv.ResetCalls()
	if l, ok := h.observe(names.KindRunTask)[r.Address]; !ok || !l.Ready {
		t.Fatalf("after restart: observed %v %+v", ok, l)
	}
	if _, err := h.kinds[names.KindRunTask].Create(t.Context(), prod, r); err != nil {
		t.Fatal(err)
	}
	if n := h.srv.Calls()["ecs:RunTask"]; n != 0 {
		t.Errorf("RunTask called %d times for a revision that ran", n)
	}
}

func TestOneOffTaskFailureGivesExitCodeAndLogs(t *testing.T) {
	h := newHarness(t)
	h.fake.FailImage("example/admin:bad")
	td := h.migrateDefinition("example/admin:bad")
	r := h.runTask("task.migrate", "everruns-migrate", td.ID)
	if _, err := h.kinds[names.KindRunTask].Create(t.Context(), prod, r); err != nil {
		t.Fatal(err)
	}
	live := h.settle(names.KindRunTask, r.Address)
	for _, want := range []string{"exit code 1", "example/admin:bad", "stream migrate/migrate/"} {
		if !strings.Contains(live.Failure, want) {
			t.Errorf("failure %q does not name %q", live.Failure, want)
		}
	}
	if live.Ready {
		t.Error("a failed run is ready")
	}
}

func TestOneOffTaskRunsAgainForANewRevision(t *testing.T) {
	h := newHarness(t)
	first := h.migrateDefinition("example/admin:v1")
	r := h.runTask("task.migrate", "everruns-migrate", first.ID)
	if _, err := h.kinds[names.KindRunTask].Create(t.Context(), prod, r); err != nil {
		t.Fatal(err)
	}
	live := h.settle(names.KindRunTask, r.Address)
	second := h.migrateDefinition("example/admin:v2")
	r2 := h.runTask("task.migrate", "everruns-migrate", second.ID)
	h.srv.ResetCalls()
	if _, err := h.kinds[names.KindRunTask].Update(t.Context(), prod, r2, live, delta(r2, live)); err != nil {
		t.Fatal(err)
	}
	if got := h.settle(names.KindRunTask, r.Address); h.srv.Calls()["ecs:RunTask"] != 1 || !got.Ready || got.Fields[names.RunTask.TaskDefinition] != second.ID {
		t.Errorf("new revision: %d RunTask, ready %v, revision %v", h.srv.Calls()["ecs:RunTask"], got.Ready, got.Fields[names.RunTask.TaskDefinition])
	}
}

// An apply that sees a run stop with exit 0 records it on the revision; a
// new process then finds the run done without describing the task. A
// diff records nothing.
func TestOneOffTaskExit0IsRecordedByAnApplyOnly(t *testing.T) {
	h := newHarness(t)
	td := h.migrateDefinition("example/admin:v1")
	r := h.runTask("task.migrate", "everruns-migrate", td.ID)
	if _, err := h.kinds[names.KindRunTask].Create(t.Context(), prod, r); err != nil {
		t.Fatal(err)
	}
	h.settle(names.KindRunTask, r.Address)
	observe := func(ctx context.Context) (reconcile.Live, map[string]int) {
		h.srv.ResetCalls()
		m, err := Kinds(h.client)[names.KindRunTask].Observe(ctx, prod)
		if err != nil {
			t.Fatal(err)
		}
		return m[r.Address], h.srv.Calls()
	}
	if _, c := observe(t.Context()); c["ecs:TagResource"] != 0 || c["ecs:DescribeTasks"] != 1 {
		t.Fatalf("a diff: calls %v, want the task described and nothing written", c)
	}
	if _, c := observe(reconcile.WithActing(t.Context())); c["ecs:TagResource"] != 1 {
		t.Fatalf("an apply: calls %v, want the exit recorded on the revision", c)
	}
	l, c := observe(t.Context())
	if c["ecs:DescribeTasks"] != 0 || !l.Ready || l.Status != "STOPPED (exit 0)" || len(delta(r, l)) != 0 {
		t.Errorf("a new process: calls %v, ready %v, status %q, drift %v; want the recorded run, no describe",
			c, l.Ready, l.Status, delta(r, l))
	}
}
