package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"

	"github.com/everruns/reconciler/internal/cli"
)

// localAPIPath writes ecsFile with the api on the registry at host, tag
// policy, at tag; the other images keep their names.
func localAPIPath(t *testing.T, path, host, tag string) string {
	t.Helper()
	body := strings.NewReplacer("API_TAG", tag, "API_COUNT", "1", "MIGRATE_TAG", "v1").Replace(ecsFile)
	moved := strings.Replace(body, "    image: example/api\n", "    image: "+host+"/example/api\n", 1)
	if moved == body {
		t.Fatal("ecsFile no longer has the api as expected")
	}
	if path == "" {
		path = filepath.Join(t.TempDir(), "environment.yaml")
	}
	must(t, "write file", os.WriteFile(path, []byte(moved), 0o600))
	return path
}

// The daemon, given a revision of the file whose api tag the registry
// does not have, registers nothing and leaves the service on its running
// revision, pass after pass, saying why in its log and counting it; once
// the tag is pushed, the next pass rolls it out (tags move: the check is
// made again at every pass).
func TestDaemonRefusesAMissingImage(t *testing.T) {
	w := newECSWorld(t)
	useFake(t, w.f)
	reg := newDigestRegistry(t)
	reg.push(t, "example/api", "v1")
	path := localAPIPath(t, "", reg.host, "v1")
	scope := []string{"--target", "service", "--target", "task", "--poll-interval", poll}
	if code, out, errOut := reconciler(t.Context(), append([]string{"apply", "-f", path}, scope...)...); code != cli.ExitOK {
		t.Fatalf("apply: exit %d\n%s\n%s", code, out, errOut)
	}
	running := w.digestImage(t)
	localAPIPath(t, path, reg.host, "v2")
	w.f.srv.ResetCalls()
	d := launchDaemon(t, append([]string{"-f", path, "--interval", "20ms"}, scope...)...)
	eventually(t, "two passes counting the missing tag", func() bool {
		return metricAtLeast(d.metrics(t), `reconciler_image_resolve_errors_total{workload="api"}`, 2)
	})
	if calls := w.f.srv.Calls(); calls["ecs:RegisterTaskDefinition"]+calls["ecs:UpdateService"] != 0 {
		t.Errorf("passes over a missing tag changed the service: %v", calls)
	}
	if got := w.digestImage(t); got != running {
		t.Errorf("the api names %q, want its running %q", got, running)
	}
	if log := d.stderr.String(); !strings.Contains(log, "MANIFEST_UNKNOWN") || !strings.Contains(log, "example/api:v2") {
		t.Errorf("the log does not say why:\n%s", log)
	}
	reg.push(t, "example/api", "v2")
	eventually(t, "the pushed tag rolled out", func() bool { return strings.HasSuffix(w.digestImage(t), "/example/api:v2") })
	if code := d.stop(); code != 0 {
		t.Errorf("daemon exit %d", code)
	}
}

// From empty, a service whose tag the registry does not have is not
// created: its first revision is refused before registration (so no
// service is started on it), the rest of the tier converges, and apply
// exits 1 naming the image and the registry's answer.
func TestApplyFromEmptyRefusesAMissingImage(t *testing.T) {
	w := newECSWorld(t)
	useFake(t, w.f)
	reg := newDigestRegistry(t)
	reg.push(t, "example/api", "v1")
	path := localAPIPath(t, "", reg.host, "v404")
	code, out, errOut := reconciler(t.Context(), "apply", "-f", path, "--target", "service", "--target", "task", "--poll-interval", poll)
	if code != cli.ExitError {
		t.Fatalf("apply: exit %d, want 1\n%s\n%s", code, out, errOut)
	}
	if _, err := w.ecs.DescribeTaskDefinition(t.Context(), &ecs.DescribeTaskDefinitionInput{TaskDefinition: aws.String("everruns-api-production")}); err == nil {
		t.Error("a revision naming the missing tag was registered")
	}
	for _, s := range []string{"example/api:v404", "MANIFEST_UNKNOWN"} {
		if !strings.Contains(out+errOut, s) {
			t.Errorf("apply does not name %q\nstdout:\n%s\nstderr:\n%s", s, out, errOut)
		}
	}
	if w.running(t, "everruns-worker") == "" {
		t.Error("the worker, whose image is not in question, did not converge")
	}
}
