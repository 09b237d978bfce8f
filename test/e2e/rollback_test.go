package e2e

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/everruns/reconciler/internal/cli"
	"github.com/everruns/reconciler/pkg/desired/names"
)

// rollback runs `reconciler rollback` over file and fails unless it
// exits 0; it returns its output.
func (e *fullEnv) rollback(file string, args ...string) string {
	e.t.Helper()
	code, out, errOut := e.run(file, append([]string{"rollback"}, args...)...)
	if code != cli.ExitOK {
		e.t.Fatalf("rollback %v: exit %d, want 0\nstdout:\n%s\nstderr:\n%s", args, code, out, errOut)
	}
	return out
}

// serviceTags are the tags of the named service of the shipped cluster.
func (e *fullEnv) serviceTags(service string) map[string]string {
	e.t.Helper()
	out, err := e.clients.ecs.DescribeServices(e.t.Context(), &ecs.DescribeServicesInput{Cluster: aws.String(fullCluster),
		Services: []string{service}, Include: []ecstypes.ServiceField{ecstypes.ServiceFieldTags}})
	must(e.t, "DescribeServices", err)
	tags := map[string]string{}
	for _, t := range out.Services[0].Tags {
		tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return tags
}

// After `reconciler rollback`, the service runs the previous revision and
// stays there through passes (apply, and the daemon's), which report it
// held and in sync, until the file changes its definition; then a pass
// rolls it out and the hold is gone. --release ends a hold the same way
// without a change to the file.
func TestRollbackHoldsUntilTheFileChanges(t *testing.T) {
	e := newFullEnv(t)
	e.converge()
	first := e.revisions()["everruns-api"]
	v1 := e.withTag("api", "v0.6.0")
	e.apply(v1)
	second := e.revisions()["everruns-api"]
	if second == first {
		t.Fatalf("the api did not roll out a new revision: %s", second)
	}

	out := e.rollback(v1, "api")
	for _, want := range []string{"Rolled service.api back", "everruns-api:", "--release api", "set services.api back to the image"} {
		if !strings.Contains(out, want) {
			t.Errorf("rollback's output lacks %q:\n%s", want, out)
		}
	}
	if now := e.revisions()["everruns-api"]; now != first {
		t.Fatalf("after rollback the api runs %s, want %s", now, first)
	}
	if e.deployment("everruns-api") != "COMPLETED" {
		t.Errorf("rollback returned before the rollout completed")
	}
	tags := e.serviceTags("everruns-api")
	if tags[names.TagHold] != first || tags[names.TagHoldAgainst] != second || !strings.HasPrefix(tags[names.TagHoldFile], "sha256:") {
		t.Errorf("hold tags %v, want held on %s against %s and the file's digest", tags, first, second)
	}

	// Passes leave it held: apply twice, then the daemon.
	for range 2 {
		e.f.srv.ResetCalls()
		e.apply(v1)
		if calls := e.f.srv.Calls(); calls["ecs:UpdateService"]+calls["ecs:RegisterTaskDefinition"] != 0 {
			t.Errorf("a pass over a held service changed it: %v", mutations(calls))
		}
		if now := e.revisions()["everruns-api"]; now != first {
			t.Fatalf("a pass rolled the held api forward to %s", now)
		}
	}
	code, r := e.diff(v1)
	if code != cli.ExitOK || !r.InSync {
		t.Errorf("diff of a held service: exit %d, in sync %v; want 0", code, r.InSync)
	}
	if code, out, _ := e.run(v1, "diff"); code != cli.ExitOK || !strings.Contains(out, "held on everruns-api-production:") {
		t.Errorf("diff does not say the service is held (exit %d):\n%s", code, out)
	}
	d, stop := daemonOver(t, v1)
	eventually(t, "the daemon's status page to show the api held", func() bool {
		return strings.Contains(get(t, d+"/").body, `data-address="service.api" data-kind="ecs.service" data-sync="held"`)
	})
	eventually(t, "three passes of the daemon", func() bool { return passes(get(t, d+"/metrics").body) >= 3 })
	if body := get(t, d+"/drift").body; !strings.Contains(body, "held on everruns-api-production:") {
		t.Errorf("/drift does not say the service is held:\n%s", body)
	}
	stop()
	if now := e.revisions()["everruns-api"]; now != first {
		t.Fatalf("the daemon rolled the held api forward to %s", now)
	}

	// The file changes the api's definition: the next pass rolls it out
	// and the hold ends.
	v2 := e.withTag("api", "v0.6.1")
	e.apply(v2)
	third := e.revisions()["everruns-api"]
	if third == first || third == second {
		t.Fatalf("after the file changed, the api runs %s (first %s, second %s): want a new revision", third, first, second)
	}
	if tags := e.serviceTags("everruns-api"); tags[names.TagHold] != "" {
		t.Errorf("the hold stayed after the rollout the file asked for: %v", tags)
	}

	// A revision that does not exist, or that the environment did not
	// register for the service, is refused before any change.
	e.f.srv.ResetCalls()
	if code, _, errOut := e.run(v2, "rollback", "api", "--to", "999"); code != cli.ExitError || !strings.Contains(errOut, "999") {
		t.Errorf("rollback --to 999: exit %d, want 1 naming it\n%s", code, errOut)
	}
	if m := awsMutations(e.f.srv.Calls()); len(m) != 0 {
		t.Errorf("a refused rollback changed AWS: %v", m)
	}

	// --release: held again (--to the revision the first rollback held),
	// then released, and the next pass rolls out.
	e.rollback(v2, "api", "--to", first)
	held := e.revisions()["everruns-api"]
	if held != first {
		t.Fatalf("rollback --to %s left the api on %s", first, held)
	}
	e.apply(v2)
	if now := e.revisions()["everruns-api"]; now != held {
		t.Fatalf("a pass rolled the held api forward to %s", now)
	}
	e.rollback(v2, "--release", "api")
	e.apply(v2)
	if now := e.revisions()["everruns-api"]; now != third {
		t.Errorf("after --release the api runs %s, want %s", now, third)
	}
}

// passes is the number of passes /metrics counts, whatever their result.
func passes(metrics string) int {
	n := 0
	for _, line := range strings.Split(metrics, "\n") {
		if rest, ok := strings.CutPrefix(line, "reconciler_passes_total{"); ok {
			_, count, _ := strings.Cut(rest, "} ")
			v, _ := strconv.Atoi(count)
			n += v
		}
	}
	return n
}

// daemonOver runs `reconciler run` over file, and returns its base URL
// and what stops it (at the latest when the test ends).
func daemonOver(t *testing.T, file string) (string, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	stderr := &lockedBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- cli.Main(ctx, []string{"run", "-f", file, "--poll-interval", poll, "--interval", "50ms",
			"--listen", "127.0.0.1:0", "--log-format", "json"}, cli.IO{Stdout: &lockedBuffer{}, Stderr: stderr})
	}()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			if code := <-done; code != cli.ExitOK {
				t.Errorf("run exit %d:\n%s", code, stderr.String())
			}
		})
	}
	t.Cleanup(stop)
	return "http://" + listenAddr(t, stderr, done), stop
}
