package e2e

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"

	"github.com/everruns/reconciler/internal/cli"
)

// fullServices are the ECS service names of the shipped file.
var fullServices = []string{"temporal", "everruns-api", "everruns-worker", "everruns-ui"}

// From an empty account, the whole shipped file converges through the
// command line once a person has done their part; diff then exits 0 with
// nothing to change, nothing unsupported, and no mutating call.
func TestWholeEnvironmentConvergesFromEmpty(t *testing.T) {
	e := newFullEnv(t)
	e.converge()
	calls := e.wantInSync(envFile)
	t.Logf("calls of a no-op diff over the whole file: %v", calls)
}

// Changing one service's tag in a copy of the file rolls exactly that
// service: one registration, one service update, nothing for the others.
func TestWholeEnvironmentTagChangeRollsOneService(t *testing.T) {
	e := newFullEnv(t)
	e.converge()
	before := e.revisions()
	file := e.withTag("worker", "v0.5.1")
	e.f.srv.ResetCalls()
	e.apply(file)
	calls := e.f.srv.Calls()
	if calls["ecs:RegisterTaskDefinition"] != 1 || calls["ecs:UpdateService"] != 1 || calls["ecs:RunTask"] != 0 {
		t.Errorf("tag change: register %d, update %d, run %d; want 1, 1, 0 (mutations %v)",
			calls["ecs:RegisterTaskDefinition"], calls["ecs:UpdateService"], calls["ecs:RunTask"], mutations(calls))
	}
	// The one other mutation: the rollout's mark on the rolled service
	// (the ECS adapter's memory of what it rolled out, read after a crash).
	if m := mutations(calls); len(m) != 3 || calls["ecs:TagResource"] != 1 {
		t.Errorf("tag change made mutating calls %v (%v), want the registration, the update and the rollout mark", m, calls)
	}
	after := e.revisions()
	for _, s := range fullServices {
		moved := after[s] != before[s]
		if moved != (s == "everruns-worker") {
			t.Errorf("%s: %s → %s", s, before[s], after[s])
		}
	}
	if d := e.deployment("everruns-worker"); d != "COMPLETED" {
		t.Errorf("worker's rollout is %s, want COMPLETED", d)
	}
	e.wantInSync(file)
}

// A rollout whose image crashes fails: apply exits 1 with the reason in
// its report (text and JSON), the service stays on its previous revision,
// and the next pass does not try again.
func TestWholeEnvironmentFailedRollout(t *testing.T) {
	e := newFullEnv(t)
	e.converge()
	before := e.revisions()
	e.fakeECS.FailImage("ghcr.io/everruns/everruns-api:v0.6.0")
	file := e.withTag("api", "v0.6.0")
	code, out, errOut := e.run(file, "apply")
	if code != cli.ExitError {
		t.Fatalf("apply of a crashing image: exit %d, want 1\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"service.api", "ghcr.io/everruns/everruns-api:v0.6.0", "exit code 1"} {
		if !strings.Contains(out, want) {
			t.Errorf("apply's text report does not name %q:\n%s", want, out)
		}
	}
	if after := e.revisions(); after["everruns-api"] != before["everruns-api"] {
		t.Errorf("after the failure the api runs %s, want %s", after["everruns-api"], before["everruns-api"])
	}
	e.f.srv.ResetCalls()
	code, out, errOut = e.run(file, "apply", "-o", "json")
	if code != cli.ExitError || !strings.Contains(out, "exit code 1") || !strings.Contains(out, "everruns-api:v0.6.0") {
		t.Errorf("second apply -o json: exit %d, want 1 with the reason\n%s\n%s", code, out, errOut)
	}
	if calls := e.f.srv.Calls(); calls["ecs:RegisterTaskDefinition"]+calls["ecs:UpdateService"] != 0 {
		t.Errorf("second apply tried again: %v", mutations(calls))
	}
	if after := e.revisions(); after["everruns-api"] != before["everruns-api"] {
		t.Errorf("after the second pass the api runs %s, want %s", after["everruns-api"], before["everruns-api"])
	}
}

// revisions is the task definition each service runs.
func (e *fullEnv) revisions() map[string]string {
	e.t.Helper()
	out, err := e.clients.ecs.DescribeServices(e.t.Context(), &ecs.DescribeServicesInput{Cluster: aws.String("everruns-production"), Services: fullServices})
	must(e.t, "DescribeServices", err)
	revs := map[string]string{}
	for _, s := range out.Services {
		revs[aws.ToString(s.ServiceName)] = aws.ToString(s.TaskDefinition)
	}
	if len(revs) != len(fullServices) {
		e.t.Fatalf("services %v, want %v", revs, fullServices)
	}
	return revs
}

// deployment is the rollout state of service's primary deployment.
func (e *fullEnv) deployment(service string) string {
	e.t.Helper()
	out, err := e.clients.ecs.DescribeServices(e.t.Context(), &ecs.DescribeServicesInput{Cluster: aws.String("everruns-production"), Services: []string{service}})
	must(e.t, "DescribeServices", err)
	for _, d := range out.Services[0].Deployments {
		if aws.ToString(d.Status) == "PRIMARY" {
			return string(d.RolloutState)
		}
	}
	return "no primary deployment"
}
