package e2e

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// ecsApply runs one apply of resources over a fresh engine (a new process)
// and returns its result and the AWS calls it made.
func (w *ecsWorld) apply(t *testing.T, resources []desired.Resource) (*reconcile.Result, map[string]int) {
	t.Helper()
	w.f.srv.ResetCalls()
	res, err := w.engine(t, testConfig(w.f), resources).Apply(t.Context(), envID, resources, reconcile.ApplyOptions{Targets: ecsTargets})
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	return res, w.f.srv.Calls()
}

func (w *ecsWorld) converge(t *testing.T, resources []desired.Resource) map[string]int {
	t.Helper()
	res, calls := w.apply(t, resources)
	if !res.Converged() {
		t.Fatalf("apply did not converge: %v\n%+v", res.Err(), res.Report.Outstanding())
	}
	return calls
}

// running is the revision ARN a service runs.
func (w *ecsWorld) running(t *testing.T, service string) string {
	t.Helper()
	out, err := w.ecs.DescribeServices(t.Context(), &ecs.DescribeServicesInput{Cluster: aws.String("everruns-production"), Services: []string{service}})
	if err != nil || len(out.Services) != 1 {
		t.Fatalf("describe %s: %v", service, err)
	}
	return aws.ToString(out.Services[0].TaskDefinition)
}

func TestECSTagChangeRollsExactlyThatService(t *testing.T) {
	w := newECSWorld(t)
	w.converge(t, ecsResources(t, "v1", "1"))
	before := map[string]string{}
	for _, s := range []string{"everruns-worker", "everruns-ui"} {
		before[s] = w.running(t, s)
	}
	calls := w.converge(t, ecsResources(t, "v2", "1"))
	if calls["ecs:RegisterTaskDefinition"] != 1 || calls["ecs:UpdateService"] != 1 || calls["ecs:RunTask"] != 0 {
		t.Errorf("tag change: register %d, update %d, run %d; want 1, 1, 0 (%v)",
			calls["ecs:RegisterTaskDefinition"], calls["ecs:UpdateService"], calls["ecs:RunTask"], calls)
	}
	if !strings.HasSuffix(w.running(t, "everruns-api"), "everruns-api-production:2") {
		t.Errorf("api runs %s", w.running(t, "everruns-api"))
	}
	for s, arn := range before {
		if got := w.running(t, s); got != arn {
			t.Errorf("%s moved from %s to %s", s, arn, got)
		}
	}
	// A no-op pass changes nothing and describes no revision.
	calls = w.converge(t, ecsResources(t, "v2", "1"))
	if n := len(mutations(calls)); n != 0 || calls["ecs:DescribeTaskDefinition"] > 4 { // a new process describes each current revision once
		t.Errorf("no-op pass: mutations %v, %d describes", mutations(calls), calls["ecs:DescribeTaskDefinition"])
	}
}

func TestECSFailedRolloutReportsAndIsNotRetried(t *testing.T) {
	w := newECSWorld(t)
	w.converge(t, ecsResources(t, "v1", "1"))
	good := w.running(t, "everruns-api")
	w.fakeECS.FailImage("example/api:v2")
	res, _ := w.apply(t, ecsResources(t, "v2", "1"))
	if res.Converged() || res.Err() == nil {
		t.Fatal("a failed rollout converged")
	}
	msg := res.Err().Error()
	for _, want := range []string{"everruns-api", "example/api:v2", "exit code 1", "Essential container in task exited", "stream api/api/"} {
		if !strings.Contains(msg, want) {
			t.Errorf("apply error %q does not name %q", msg, want)
		}
	}
	var js bytes.Buffer
	if err := drift.WriteJSON(&js, res.Report); err != nil || !strings.Contains(js.String(), "exit code 1") {
		t.Errorf("JSON report lacks the reason (%v):\n%s", err, js.String())
	}
	if got := w.running(t, "everruns-api"); got != good {
		t.Errorf("after the failure the api runs %s, want %s", got, good)
	}
	res, calls := w.apply(t, ecsResources(t, "v2", "1"))
	if res.Converged() || calls["ecs:RegisterTaskDefinition"]+calls["ecs:UpdateService"] != 0 {
		t.Errorf("next pass: converged %v, calls %v; want the failure reported and no second attempt", res.Converged(), calls)
	}
	// While the file names it, the failed revision is its current one and
	// stays, to be tried after the back-off; once the file moves on, the
	// revision ECS rolled back from is deregistered: what stays ACTIVE is
	// the one running and the one before it, nothing that failed.
	family, _, _ := strings.Cut(good[strings.LastIndex(good, "/")+1:], ":")
	failed := w.activeRevisions(t, family)[1]
	w.converge(t, ecsResources(t, "v3", "1"))
	if active := w.activeRevisions(t, family); !slices.Equal(active, []string{good, w.running(t, "everruns-api")}) {
		t.Errorf("after the next rollout, ACTIVE revisions %v; want the previous %s and the running one, not the failed %s", active, good, failed)
	}
}

// activeRevisions lists the ACTIVE revisions of family, oldest first.
func (w *ecsWorld) activeRevisions(t *testing.T, family string) []string {
	t.Helper()
	out, err := w.ecs.ListTaskDefinitions(t.Context(), &ecs.ListTaskDefinitionsInput{FamilyPrefix: aws.String(family),
		Status: ecstypes.TaskDefinitionStatusActive})
	if err != nil {
		t.Fatal(err)
	}
	return out.TaskDefinitionArns
}

func TestECSRepairsHandChanges(t *testing.T) {
	w := newECSWorld(t)
	w.converge(t, ecsResources(t, "v1", "1"))
	w.converge(t, ecsResources(t, "v2", "1"))
	want := w.running(t, "everruns-api")
	ctx := t.Context()
	old := strings.TrimSuffix(want, ":2") + ":1"
	if _, err := w.ecs.UpdateService(ctx, &ecs.UpdateServiceInput{Cluster: aws.String("everruns-production"), Service: aws.String("everruns-api"), TaskDefinition: aws.String(old)}); err != nil {
		t.Fatal(err)
	}
	calls := w.converge(t, ecsResources(t, "v2", "1"))
	if w.running(t, "everruns-api") != want || calls["ecs:RegisterTaskDefinition"] != 0 {
		t.Errorf("hand switch: api runs %s (want %s), register %d", w.running(t, "everruns-api"), want, calls["ecs:RegisterTaskDefinition"])
	}
	calls = w.converge(t, ecsResources(t, "v2", "2"))
	if calls["ecs:UpdateService"] != 1 || calls["ecs:RegisterTaskDefinition"] != 0 {
		t.Errorf("desired count: %v", calls)
	}
	if _, err := w.ecs.DeleteService(ctx, &ecs.DeleteServiceInput{Cluster: aws.String("everruns-production"), Service: aws.String("everruns-worker"), Force: aws.Bool(true)}); err != nil {
		t.Fatal(err)
	}
	calls = w.converge(t, ecsResources(t, "v2", "2"))
	// ECS refuses the name while the deleted service drains: the create
	// is polled until it is accepted, once.
	if calls["ecs:CreateService"] == 0 || w.running(t, "everruns-worker") == "" {
		t.Errorf("deleted service not re-created: %v", calls)
	}
}
