package registry

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/everruns/reconciler/pkg/desired"
)

// running is what the task definitions name in the tests below: the api
// on a digest of an earlier push.
func running(host string) CurrentImages {
	return func(context.Context) (map[desired.Address]string, error) {
		return map[desired.Address]string{
			apiTD:    host + "/everruns/api@sha256:0000000000000000000000000000000000000000000000000000000000000001",
			workerTD: host + "/everruns/worker:v1",
		}, nil
	}
}

// TestRegistryTroubleKeepsTheCurrentDigest: a registry that answers 429,
// or none at all, keeps the image the running revision names and reports
// each container; a container with no revision yet is named by its tag.
func TestRegistryTroubleKeepsTheCurrentDigest(t *testing.T) {
	for name, breakIt := range map[string]func(*testRegistry){
		"429":         func(r *testRegistry) { r.setThrottle(true) },
		"unreachable": func(r *testRegistry) { r.srv.Close() },
	} {
		t.Run(name, func(t *testing.T) {
			reg := newTestRegistry(t)
			reg.push(t, "everruns/api", "v1")
			env := loadEnv(t, reg.host, "v1", "digest", false)
			breakIt(reg)
			cur, _ := running(reg.host)(t.Context())
			res, troubles, err := (&Resolver{Current: running(reg.host)}).Resolve(t.Context(), env, env.Resources())
			if err != nil {
				t.Fatalf("Resolve: %v", err)
			}
			if got := imageAt(t, res, apiTD); got != cur[apiTD] {
				t.Errorf("api image = %q, want the current %q", got, cur[apiTD])
			}
			if got, want := imageAt(t, res, migrateTD), reg.host+"/everruns/admin:v1"; got != want {
				t.Errorf("migrate (no revision yet) image = %q, want %q", got, want)
			}
			if len(troubles) != 2 || troubles[0].Owner != "api" || troubles[1].Owner != "migrate" || troubles[0].Kept != cur[apiTD] {
				t.Fatalf("troubles = %v", troubles)
			}
			var te *StatusError
			if name == "429" && (!errors.As(troubles[0].Err, &te) || te.StatusCode != http.StatusTooManyRequests) {
				t.Errorf("the trouble is not the 429: %v", troubles[0].Err)
			}
		})
	}
}

// TestRegistryTroubleIsNotRetriedInThePass: a 429 is asked again at the
// next pass, not hammered within this one.
func TestRegistryTroubleIsNotRetriedInThePass(t *testing.T) {
	reg := newTestRegistry(t)
	env := loadEnv(t, reg.host, "v1", "digest", false)
	reg.setThrottle(true)
	if _, _, err := (&Resolver{Current: running(reg.host)}).Resolve(t.Context(), env, env.Resources()); err != nil {
		t.Fatal(err)
	}
	if n := reg.total(); n != 2 { // one request per container: the ping is refused
		t.Errorf("%d requests to a throttling registry for 2 containers", n)
	}
}

// TestPrivateRegistryUsesTheCredentials: a registry that wants basic
// authentication is answered with the container's registry credentials
// secret; without them the tag is not resolved, and the error never
// carries the password.
func TestPrivateRegistryUsesTheCredentials(t *testing.T) {
	reg := newTestRegistry(t)
	reg.requireAuth("everruns-bot", "s3cr3t-Pa55")
	digest := reg.push(t, "everruns/api", "v1")
	reg.push(t, "everruns/admin", "v1")
	env := loadEnv(t, reg.host, "v1", "digest", true)
	secretName := env.Secrets["regcreds"].Name
	creds := &fixedCredentials{name: secretName, basic: Basic{Username: "everruns-bot", Password: "s3cr3t-Pa55"}}
	res, troubles, err := (&Resolver{Credentials: creds, Current: running(reg.host)}).Resolve(t.Context(), env, env.Resources())
	if err != nil {
		t.Fatal(err)
	}
	if got := imageAt(t, res, apiTD); got != reg.host+"/everruns/api@"+digest {
		t.Errorf("api image = %q, want its digest %s", got, digest)
	}
	if creds.reads != 1 {
		t.Errorf("credentials read %d times, want once (api's)", creds.reads)
	}
	// migrate has no credentials: the registry refuses it.
	if len(troubles) != 1 || troubles[0].Owner != "migrate" {
		t.Fatalf("troubles = %v", troubles)
	}
	creds.basic.Password = "wrong-" + creds.basic.Password
	_, troubles, _ = (&Resolver{Credentials: creds, Current: running(reg.host)}).Resolve(t.Context(), env, env.Resources())
	if len(troubles) != 2 || strings.Contains(troubles[0].String(), creds.basic.Password) {
		t.Fatalf("troubles with a wrong password = %v", troubles)
	}
}
