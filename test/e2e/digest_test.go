package e2e

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/everruns/reconciler/internal/cli"
)

// Images by digest through the command line: the api's task definition
// names the digest its tag has; the tag pushed again is a change of the
// task definition's image in diff, and apply rolls the service exactly
// once; a registry answering 429, then none at all, keeps the digest,
// changes nothing in AWS, says so, and fails nothing.
func TestDigestPolicyRollsARepushedTagOnce(t *testing.T) {
	w := newECSWorld(t)
	useFake(t, w.f)
	reg := newDigestRegistry(t)
	run := func(args ...string) (int, string, string) {
		return reconciler(t.Context(), append(args, "--target", "service", "--target", "task", "--poll-interval", poll)...)
	}
	first := reg.push(t, "example/api", "latest")
	path := digestPath(t, reg.host)
	if code, out, errOut := run("apply", "-f", path); code != cli.ExitOK {
		t.Fatalf("first apply: exit %d\n%s\n%s", code, out, errOut)
	}
	if got, want := w.digestImage(t), reg.host+"/example/api@"+first; got != want {
		t.Fatalf("the task definition names %q, want %q", got, want)
	}

	second := reg.push(t, "example/api", "latest")
	code, out, _ := run("diff", "-f", path, "-o", "json")
	if code != cli.ExitChanges || !digestChanged(t, out, second) {
		t.Fatalf("diff after the push: exit %d\n%s", code, out)
	}
	w.f.srv.ResetCalls()
	if code, out, errOut := run("apply", "-f", path); code != cli.ExitOK {
		t.Fatalf("apply after the push: exit %d\n%s\n%s", code, out, errOut)
	}
	if calls := w.f.srv.Calls(); calls["ecs:RegisterTaskDefinition"] != 1 || calls["ecs:UpdateService"] != 1 {
		t.Errorf("the push rolled the service with %v, want one RegisterTaskDefinition and one UpdateService", calls)
	}
	if got := w.digestImage(t); !strings.HasSuffix(got, "@"+second) {
		t.Errorf("after the roll the task definition names %q, want the digest %s", got, second)
	}
	w.digestUnchanged(t, run, path, "the same digest", "")

	reg.throttle.Store(true)
	w.digestUnchanged(t, run, path, "a registry answering 429", "429 Too Many Requests")
	reg.srv.Close()
	w.digestUnchanged(t, run, path, "an unreachable registry", "image not resolved")
	if got := w.digestImage(t); !strings.HasSuffix(got, "@"+second) {
		t.Errorf("registry trouble changed the image to %q", got)
	}
}

// digestUnchanged: diff is in sync and apply succeeds with no
// registration and no service update; stderr says why (want) or is
// silent about images.
func (w *ecsWorld) digestUnchanged(t *testing.T, run func(...string) (int, string, string), path, why, want string) {
	t.Helper()
	if code, out, errOut := run("diff", "-f", path); code != cli.ExitOK || !strings.Contains(errOut, want) {
		t.Errorf("diff with %s: exit %d, want 0 and stderr with %q\n%s\n%s", why, code, want, out, errOut)
	}
	w.f.srv.ResetCalls()
	code, out, errOut := run("apply", "-f", path)
	if code != cli.ExitOK || !strings.Contains(errOut, want) {
		t.Errorf("apply with %s: exit %d, want 0 and stderr with %q\n%s\n%s", why, code, want, out, errOut)
	}
	if want == "" && strings.Contains(errOut, "image not resolved") {
		t.Errorf("apply with %s reported trouble:\n%s", why, errOut)
	}
	calls := w.f.srv.Calls()
	if calls["ecs:RegisterTaskDefinition"]+calls["ecs:UpdateService"] != 0 {
		t.Errorf("apply with %s changed the service: %v", why, calls)
	}
	t.Logf("apply with %s: ecs:ListTaskDefinitions %d, ecs:DescribeTaskDefinition %d", why,
		calls["ecs:ListTaskDefinitions"], calls["ecs:DescribeTaskDefinition"])
}

// digestChanged says whether diff's JSON changes the api task
// definition's container definitions to the digest.
func digestChanged(t *testing.T, out, digest string) bool {
	t.Helper()
	var r struct {
		Changes []struct {
			Address, Action string
			Fields          []struct {
				Path    string
				Desired any
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("diff -o json: %v", err)
	}
	for _, c := range r.Changes {
		if c.Address != "service.api.task_definition" || c.Action != "update" {
			continue
		}
		for _, f := range c.Fields {
			b, _ := json.Marshal(f.Desired)
			if strings.Contains(f.Path, "container_definitions") && strings.Contains(string(b), digest) {
				return true
			}
		}
	}
	return false
}
