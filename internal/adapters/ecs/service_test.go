package ecs

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// deployed registers image and creates (or updates) service.api on it,
// then lets the rollout end; it returns the revision and the service.
func (h *harness) deployed(image string) (reconcile.Live, reconcile.Live) {
	h.t.Helper()
	ctx := h.t.Context()
	r := taskDef("service.api.task_definition", "api", image, 9000)
	td, ok := h.observe(names.KindTaskDefinition)[r.Address]
	var err error
	switch {
	case !ok:
		td, err = h.kinds[names.KindTaskDefinition].Create(ctx, prod, r)
	case len(delta(r, td)) > 0:
		td, err = h.kinds[names.KindTaskDefinition].Update(ctx, prod, r, td, delta(r, td))
	}
	if err != nil {
		h.t.Fatal(err)
	}
	s := h.service("service.api", "everruns-api", td.ID, 2)
	live, ok := h.observe(names.KindService)[s.Address]
	if !ok {
		_, err = h.kinds[names.KindService].Create(ctx, prod, s)
	} else if d := delta(s, live); len(d) > 0 {
		_, err = h.kinds[names.KindService].Update(ctx, prod, s, live, d)
	}
	if err != nil {
		h.t.Fatal(err)
	}
	return td, h.settle(names.KindService, s.Address)
}

func TestServiceRolloutIsOneUpdateAndWaitsForCompletion(t *testing.T) {
	h := newHarness(t)
	_, live := h.deployed("example/api:v1")
	if !live.Ready || len(delta(h.service("service.api", "everruns-api", live.Fields[names.Service.TaskDefinition].(string), 2), live)) != 0 {
		t.Fatalf("created service: ready %v, drift %v", live.Ready, live)
	}
	h.srv.ResetCalls()
	td, live := h.deployed("example/api:v2")
	calls := h.srv.Calls()
	if calls["ecs:RegisterTaskDefinition"] != 1 || calls["ecs:UpdateService"] != 1 {
		t.Errorf("calls = %v, want one register and one update", calls)
	}
	if !live.Ready || live.Fields[names.Service.TaskDefinition] != td.ID || !strings.Contains(live.Status, "PRIMARY") {
		t.Errorf("after rollout: ready %v, running %v (want %s), status %q", live.Ready, live.Fields[names.Service.TaskDefinition], td.ID, live.Status)
	}
}

func TestFailedRolloutSaysWhyAndIsNotRetried(t *testing.T) {
	h := newHarness(t)
	v1, _ := h.deployed("example/api:v1")
	h.fake.FailImage("example/api:v2")
	_, live := h.deployed("example/api:v2")
	if live.Failure == "" {
		t.Fatalf("rollout of a crashing image: no failure (status %q)", live.Status)
	}
	for _, want := range []string{"everruns-api", "example/api:v2", "exit code 1", "Essential container in task exited", "/ecs/everruns-production", "stream api/api/"} {
		if !strings.Contains(live.Failure, want) {
			t.Errorf("failure %q does not name %q", live.Failure, want)
		}
	}
	if live.Fields[names.Service.TaskDefinition] != v1.ID {
		t.Errorf("service runs %v after the rollback, want %s", live.Fields[names.Service.TaskDefinition], v1.ID)
	}
	if got := h.kinds[names.KindService].(*services).Rollouts().FailedRevisions()["everruns-api"]; !strings.HasSuffix(got, ":2") {
		t.Errorf("failed revision gauge = %q", got)
	}
	// The next pass: the definition is unchanged, so nothing is registered
	// and the service is not rolled again; the update says why.
	h.srv.ResetCalls()
	r := taskDef("service.api.task_definition", "api", "example/api:v2", 9000)
	td := h.observe(names.KindTaskDefinition)[r.Address]
	if d := delta(r, td); len(d) != 0 {
		t.Fatalf("failed definition drifts: %v", d)
	}
	s := h.service("service.api", "everruns-api", td.ID, 2)
	_, err := h.kinds[names.KindService].Update(t.Context(), prod, s, live, delta(s, live))
	if !reconcile.IsTerminal(err) || !strings.Contains(err.Error(), "tried again when the file changes") {
		t.Errorf("second attempt: %v", err)
	}
	if n := h.srv.Calls()["ecs:UpdateService"] + h.srv.Calls()["ecs:RegisterTaskDefinition"]; n != 0 {
		t.Errorf("second pass made %d register/update calls", n)
	}
	// After the back-off the same definition is tried once more.
	h.srv.Clock().Advance(DefaultBackoff)
	live = h.observe(names.KindService)[s.Address]
	if _, err := h.kinds[names.KindService].Update(t.Context(), prod, s, live, delta(s, live)); err != nil || h.srv.Calls()["ecs:UpdateService"] != 1 {
		t.Errorf("after the back-off: err %v, %d UpdateService", err, h.srv.Calls()["ecs:UpdateService"])
	}
}

func TestServiceSwitchedByHandIsRolledBack(t *testing.T) {
	h := newHarness(t)
	v1, _ := h.deployed("example/api:v1")
	v2, _ := h.deployed("example/api:v2")
	_, err := h.client.UpdateService(t.Context(), &ecs.UpdateServiceInput{Cluster: aws.String(h.cluster), Service: aws.String("everruns-api"), TaskDefinition: aws.String(v1.ID)})
	if err != nil {
		t.Fatal(err)
	}
	live := h.settle(names.KindService, "service.api")
	s := h.service("service.api", "everruns-api", v2.ID, 2)
	d := delta(s, live)
	if !d.Has(names.Service.TaskDefinition) || live.Failure != "" {
		t.Fatalf("hand switch: drift %v, failure %q", d, live.Failure)
	}
	if _, err := h.kinds[names.KindService].Update(t.Context(), prod, s, live, d); err != nil {
		t.Fatal(err)
	}
	if got := h.settle(names.KindService, "service.api"); got.Fields[names.Service.TaskDefinition] != v2.ID {
		t.Errorf("after repair the service runs %v, want %s", got.Fields[names.Service.TaskDefinition], v2.ID)
	}
}

// After a successful rollout only the new revision and the previous one
// (the rollback target) stay ACTIVE.
func TestOldRevisionsAreDeregistered(t *testing.T) {
	h := newHarness(t)
	for _, v := range []string{"v1", "v2", "v3", "v4"} {
		h.deployed("example/api:" + v)
	}
	out, err := h.client.ListTaskDefinitions(t.Context(), &ecs.ListTaskDefinitionsInput{FamilyPrefix: aws.String("everruns-api-production")})
	if err != nil {
		t.Fatal(err)
	}
	var revs []string
	for _, a := range out.TaskDefinitionArns {
		revs = append(revs, shortRevision(a))
	}
	if strings.Join(revs, ",") != "everruns-api-production:3,everruns-api-production:4" {
		t.Errorf("active revisions = %v", revs)
	}
}

// A service deleted a moment ago still drains: creating it again is not
// ready (its name frees itself), by the ECS table's code and message
// (kit's tests hold that the same code with another message is refused).
func TestCreatingADrainingServiceIsNotReady(t *testing.T) {
	h := newHarness(t)
	_, live := h.deployed("example/api:v1")
	if err := h.kinds[names.KindService].Delete(t.Context(), live); err != nil {
		t.Fatal(err)
	}
	s := h.service("service.api", "everruns-api", live.Fields[names.Service.TaskDefinition].(string), 2)
	_, err := h.kinds[names.KindService].Create(t.Context(), prod, s)
	if err == nil {
		t.Fatal("a service of a draining name was created")
	}
	if got := kit.NewClassifier(Errors).Classify(err); got != reconcile.ClassNotReady {
		t.Errorf("draining: class %v, want not ready (%v)", got, err)
	}
}
