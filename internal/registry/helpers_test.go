package registry

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	ggcr "github.com/google/go-containerregistry/pkg/registry"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/everruns/reconciler/pkg/desired"
)

// testRegistry is go-containerregistry's in-process registry behind a
// handler that counts requests by method, can answer 429 to everything,
// and can require basic authentication.
type testRegistry struct {
	srv  *httptest.Server
	host string

	mu       sync.Mutex
	calls    map[string]int // "HEAD /v2/…" and so on
	throttle bool
	user     string // required username and password, when set
	pass     string
}

func newTestRegistry(t testing.TB) *testRegistry {
	t.Helper()
	r := &testRegistry{calls: map[string]int{}}
	inner := ggcr.New(ggcr.Logger(log.New(io.Discard, "", 0)))
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if !r.admit(w, req) {
			return
		}
		inner.ServeHTTP(w, req)
	}))
	t.Cleanup(r.srv.Close)
	r.host = strings.TrimPrefix(r.srv.URL, "http://")
	return r
}

// admit counts req and answers it itself when throttling or when the
// credentials are wrong.
func (r *testRegistry) admit(w http.ResponseWriter, req *http.Request) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls[req.Method]++
	if r.throttle {
		w.Header().Set("Retry-After", "60")
		http.Error(w, `{"errors":[{"code":"TOOMANYREQUESTS","message":"rate limited"}]}`, http.StatusTooManyRequests)
		return false
	}
	if u, p, ok := req.BasicAuth(); r.user != "" && (!ok || u != r.user || p != r.pass) {
		w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
		http.Error(w, `{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}`, http.StatusUnauthorized)
		return false
	}
	return true
}

func (r *testRegistry) count(method string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.calls[method]
}

func (r *testRegistry) total() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, c := range r.calls {
		n += c
	}
	return n
}

func (r *testRegistry) setThrottle(on bool) { r.mu.Lock(); r.throttle = on; r.mu.Unlock() }

func (r *testRegistry) requireAuth(user, pass string) {
	r.mu.Lock()
	r.user, r.pass = user, pass
	r.mu.Unlock()
}

// push writes a new random image at repo:tag and returns its digest.
func (r *testRegistry) push(t testing.TB, repo, tag string) string {
	t.Helper()
	img, err := random.Image(256, 1)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := name.NewTag(r.host + "/" + repo + ":" + tag)
	if err != nil {
		t.Fatal(err)
	}
	auth := authn.Authenticator(authn.Anonymous)
	r.mu.Lock()
	if r.user != "" {
		auth = &authn.Basic{Username: r.user, Password: r.pass}
	}
	r.mu.Unlock()
	if err := remote.Write(ref, img, remote.WithAuth(auth)); err != nil {
		t.Fatal(err)
	}
	d, err := img.Digest()
	if err != nil {
		t.Fatal(err)
	}
	return d.String()
}

// envFile is a valid environment with two services on the test registry:
// api (policy API_POLICY, credentials "regcreds" when CREDS is set) and
// worker (default policy), and a one-off task of digest policy.
const envFile = `environment: production
region: us-east-1
network:
  cidr: 10.0.0.0/16
  public_subnets:
    - {zone: us-east-1a, cidr: 10.0.1.0/24}
    - {zone: us-east-1b, cidr: 10.0.2.0/24}
  private_subnets:
    - {zone: us-east-1a, cidr: 10.0.10.0/24}
    - {zone: us-east-1b, cidr: 10.0.11.0/24}
security_groups:
  ecs:
    ingress:
      - {protocol: all, self: true}
secrets:
  regcreds: {keys: [username, password]}
cluster: {}
tasks:
  migrate:
    image: HOST/everruns/admin
    tag: v1
    image_policy: digest
services:
  api:
    image: HOST/everruns/api
    tag: API_TAG
    image_policy: API_POLICY
CREDS
  worker:
    image: HOST/everruns/worker
    tag: v1
`

// loadEnv returns envFile for the registry at host.
func loadEnv(t testing.TB, host, apiTag, apiPolicy string, creds bool) *desired.Environment {
	t.Helper()
	c := ""
	if creds {
		c = "    registry_credentials: regcreds"
	}
	body := strings.NewReplacer("HOST", host, "API_TAG", apiTag, "API_POLICY", apiPolicy, "CREDS\n", c+"\n").Replace(envFile)
	env, diags := desired.Parse("environment.yaml", []byte(body))
	if diags.HasErrors() {
		t.Fatalf("environment: %v", diags.Error())
	}
	return env
}

// imageAt is the image the resource at addr names.
func imageAt(t testing.TB, resources []desired.Resource, addr desired.Address) string {
	t.Helper()
	for _, r := range resources {
		if r.Address == addr {
			return imageOf(r.Fields)
		}
	}
	t.Fatalf("no resource at %s", addr)
	return ""
}

// fixedCredentials is a CredentialsReader over one secret.
type fixedCredentials struct {
	name  string
	basic Basic
	reads int
}

func (f *fixedCredentials) Credentials(_ context.Context, secretName string) (Basic, error) {
	f.reads++
	if secretName != f.name {
		return Basic{}, fmt.Errorf("no secret %s", secretName)
	}
	return f.basic, nil
}
