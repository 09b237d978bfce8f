package registry

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/everruns/reconciler/pkg/desired"
)

const (
	apiTD     = desired.Address("service.api.task_definition")
	workerTD  = desired.Address("service.worker.task_definition")
	migrateTD = desired.Address("task.migrate.task_definition")
)

// TestDigestPolicyNamesTheDigest: the task definition of a digest-policy
// container names repo@sha256:…, the tag's digest now; one of tag policy
// keeps image:tag.
func TestDigestPolicyNamesTheDigest(t *testing.T) {
	reg := newTestRegistry(t)
	api := reg.push(t, "everruns/api", "v1")
	admin := reg.push(t, "everruns/admin", "v1")
	env := loadEnv(t, reg.host, "v1", "digest", false)
	res, troubles, err := (&Resolver{}).Resolve(t.Context(), env, env.Resources())
	if err != nil || len(troubles) > 0 {
		t.Fatalf("Resolve: %v %v", err, troubles)
	}
	for addr, want := range map[desired.Address]string{
		apiTD:     reg.host + "/everruns/api@" + api,
		migrateTD: reg.host + "/everruns/admin@" + admin,
		workerTD:  reg.host + "/everruns/worker:v1",
	} {
		if got := imageAt(t, res, addr); got != want {
			t.Errorf("%s image = %q, want %q", addr, got, want)
		}
	}
	if n := reg.count("GET"); n > 2*2 { // at most a /v2/ ping per container
		t.Errorf("%d GETs: a resolution must not pull the manifest", n)
	}
}

// TestRepushedTagChangesTheDigest: the same file, the tag pushed again
// with another image: the task definition names the new digest.
func TestRepushedTagChangesTheDigest(t *testing.T) {
	reg := newTestRegistry(t)
	first := reg.push(t, "everruns/api", "latest")
	reg.push(t, "everruns/admin", "v1")
	env := loadEnv(t, reg.host, "latest", "digest", false)
	r := &Resolver{}
	res, _, _ := r.Resolve(t.Context(), env, env.Resources())
	second := reg.push(t, "everruns/api", "latest")
	again, _, _ := r.Resolve(t.Context(), env, env.Resources())
	if first == second {
		t.Fatal("the random images have one digest")
	}
	if got := imageAt(t, res, apiTD); !strings.HasSuffix(got, first) {
		t.Errorf("before the push: %s", got)
	}
	if got := imageAt(t, again, apiTD); !strings.HasSuffix(got, second) {
		t.Errorf("after the push: %s, want the new digest %s", got, second)
	}
}

// TestTagPolicyMakesNoRegistryCall: the default policy leaves the
// resources as they are and never reaches the registry.
func TestTagPolicyMakesNoRegistryCall(t *testing.T) {
	reg := newTestRegistry(t)
	env := loadEnv(t, reg.host, "v1", "tag", false)
	env.Tasks["migrate"] = withPolicy(env.Tasks["migrate"], desired.ImagePolicyTag)
	current := func(context.Context) (map[desired.Address]string, error) {
		t.Error("current images read with no digest policy")
		return nil, nil
	}
	in := env.Resources()
	out, troubles, err := (&Resolver{Current: current}).Resolve(t.Context(), env, in)
	if err != nil || len(troubles) > 0 {
		t.Fatalf("Resolve: %v %v", err, troubles)
	}
	if n := reg.total(); n != 0 {
		t.Errorf("%d registry requests with image_policy tag", n)
	}
	if got := imageAt(t, out, apiTD); got != reg.host+"/everruns/api:v1" {
		t.Errorf("api image = %q", got)
	}
}

func withPolicy(task desired.Task, policy string) desired.Task {
	task.ImagePolicy = policy
	return task
}

// TestResolveLeavesTheInputAlone: the expansion's maps are not written.
func TestResolveLeavesTheInputAlone(t *testing.T) {
	reg := newTestRegistry(t)
	reg.push(t, "everruns/api", "v1")
	reg.push(t, "everruns/admin", "v1")
	env := loadEnv(t, reg.host, "v1", "digest", false)
	in := env.Resources()
	if _, _, err := (&Resolver{}).Resolve(t.Context(), env, in); err != nil {
		t.Fatal(err)
	}
	if got := imageAt(t, in, apiTD); got != reg.host+"/everruns/api:v1" {
		t.Errorf("the input was modified: %s", got)
	}
}

// TestCurrentUnreadableFailsResolve: with the registry down and the
// images in use unknown, naming the tag would roll the service: Resolve
// fails instead (an AWS error, as an observation's).
func TestCurrentUnreadableFailsResolve(t *testing.T) {
	reg := newTestRegistry(t)
	reg.setThrottle(true)
	env := loadEnv(t, reg.host, "v1", "digest", false)
	boom := errors.New("ecs down")
	r := &Resolver{Current: func(context.Context) (map[desired.Address]string, error) { return nil, boom }}
	if _, _, err := r.Resolve(t.Context(), env, env.Resources()); !errors.Is(err, boom) {
		t.Fatalf("Resolve error = %v, want %v", err, boom)
	}
}
