package e2e

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"

	"github.com/everruns/reconciler/internal/cli"
)

// With image_policy: digest, a rollback runs the exact previous digest
// (the held revision names it), and passes keep it while the tag still
// names the newer digest; a push of a third image is a new definition,
// which the next pass rolls out.
func TestRollbackRunsThePreviousDigest(t *testing.T) {
	w := newECSWorld(t)
	useFake(t, w.f)
	reg := newDigestRegistry(t)
	run := func(args ...string) (int, string, string) {
		return reconciler(t.Context(), append(args, "--poll-interval", poll)...)
	}
	apply := func(path string) {
		t.Helper()
		if code, out, errOut := run("apply", "-f", path, "--target", "service", "--target", "task"); code != cli.ExitOK {
			t.Fatalf("apply: exit %d\n%s\n%s", code, out, errOut)
		}
	}
	first := reg.push(t, "example/api", "latest")
	path := digestPath(t, reg.host)
	apply(path)
	second := reg.push(t, "example/api", "latest")
	apply(path)
	if got := w.runningImage(t); !strings.HasSuffix(got, "@"+second) {
		t.Fatalf("after the push the api runs %q, want the digest %s", got, second)
	}

	code, out, errOut := run("rollback", "-f", path, "api")
	if code != cli.ExitOK || !strings.Contains(out, "@"+first) {
		t.Fatalf("rollback: exit %d, want 0 naming the previous digest\n%s\n%s", code, out, errOut)
	}
	if got, want := w.runningImage(t), reg.host+"/example/api@"+first; got != want {
		t.Fatalf("after rollback the api runs %q, want %q", got, want)
	}
	w.f.srv.ResetCalls()
	apply(path)
	if calls := w.f.srv.Calls(); calls["ecs:UpdateService"]+calls["ecs:RegisterTaskDefinition"] != 0 {
		t.Errorf("a pass over the held api changed it: %v", mutations(calls))
	}
	if got := w.runningImage(t); !strings.HasSuffix(got, "@"+first) {
		t.Errorf("a pass moved the held api to %q", got)
	}

	third := reg.push(t, "example/api", "latest")
	apply(path)
	if got := w.runningImage(t); !strings.HasSuffix(got, "@"+third) {
		t.Errorf("after a new push the api runs %q, want the digest %s", got, third)
	}
}

// runningImage is the image of the revision the api's service runs.
func (w *ecsWorld) runningImage(t *testing.T) string {
	t.Helper()
	svc, err := w.ecs.DescribeServices(t.Context(), &ecs.DescribeServicesInput{Cluster: aws.String(fullCluster), Services: []string{"everruns-api"}})
	if err != nil || len(svc.Services) != 1 {
		t.Fatalf("DescribeServices: %v", err)
	}
	td, err := w.ecs.DescribeTaskDefinition(t.Context(), &ecs.DescribeTaskDefinitionInput{TaskDefinition: svc.Services[0].TaskDefinition})
	if err != nil {
		t.Fatal(err)
	}
	return aws.ToString(td.TaskDefinition.ContainerDefinitions[0].Image)
}
