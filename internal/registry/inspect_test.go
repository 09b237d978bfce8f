package registry

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// pushIndex writes a multi-platform index at repo:tag with one random
// image per platform ("linux/amd64", "linux/arm64/v8").
func (r *testRegistry) pushIndex(t *testing.T, repo, tag string, platforms ...string) {
	t.Helper()
	idx := v1.ImageIndex(empty.Index)
	for _, p := range platforms {
		img, err := random.Image(128, 1)
		if err != nil {
			t.Fatal(err)
		}
		parts := append(strings.Split(p, "/"), "")
		idx = mutate.AppendManifests(idx, mutate.IndexAddendum{Add: img, Descriptor: v1.Descriptor{Platform: &v1.Platform{OS: parts[0], Architecture: parts[1], Variant: parts[2]}}})
	}
	ref, err := name.NewTag(r.host + "/" + repo + ":" + tag)
	if err != nil {
		t.Fatal(err)
	}
	if err := remote.WriteIndex(ref, idx); err != nil {
		t.Fatal(err)
	}
}

// A tag the registry does not have is a NotFoundError carrying the
// registry's own answer; one that exists is found with one HEAD.
func TestExistsNamesTheRegistrysAnswer(t *testing.T) {
	reg := newTestRegistry(t)
	digest := reg.push(t, "everruns/api", "v1")
	r := &Resolver{}
	gets, heads := reg.count("GET"), reg.count("HEAD")
	got, err := r.Exists(t.Context(), Image{Repository: reg.host + "/everruns/api", Tag: "v1"})
	if err != nil || got != digest {
		t.Fatalf("Exists(v1) = %q, %v; want %s", got, err, digest)
	}
	if g, h := reg.count("GET")-gets, reg.count("HEAD")-heads; g != 0 || h != 1 { // the manifest, no /v2/ ping
		t.Errorf("%d GETs and %d HEADs for an existing tag, want one HEAD", g, h)
	}
	_, err = r.Exists(t.Context(), Image{Repository: reg.host + "/everruns/api", Tag: "v404"})
	var nf *NotFoundError
	if !errors.As(err, &nf) || !errors.Is(err, ErrNotFound) || !strings.HasPrefix(nf.Answer, "MANIFEST_UNKNOWN") || !strings.Contains(err.Error(), "everruns/api:v404") {
		t.Fatalf("Exists(v404) = %v, want a NotFoundError with MANIFEST_UNKNOWN naming the image", err)
	}
	reg.setThrottle(true)
	if _, err := r.Exists(t.Context(), Image{Repository: reg.host + "/everruns/api", Tag: "v1"}); err == nil || errors.Is(err, ErrNotFound) {
		t.Errorf("a throttling registry: %v, want an error that is not 'not found'", err)
	}
}

// Inspect reads an index's platforms; Supports answers for a task's.
func TestInspectReadsTheIndexsPlatforms(t *testing.T) {
	reg := newTestRegistry(t)
	reg.pushIndex(t, "everruns/api", "multi", "linux/amd64", "linux/arm64/v8", "unknown/unknown")
	reg.pushIndex(t, "everruns/api", "amd64-only", "linux/amd64")
	r := &Resolver{}
	multi, err := r.Inspect(t.Context(), Image{Repository: reg.host + "/everruns/api", Tag: "multi"})
	if err != nil || !slices.Equal(multi.Platforms, []string{"linux/amd64", "linux/arm64"}) || !multi.Supports("linux/arm64") {
		t.Fatalf("multi: %+v, %v", multi, err)
	}
	one, err := r.Inspect(t.Context(), Image{Repository: reg.host + "/everruns/api", Tag: "amd64-only"})
	if err != nil || one.Supports("linux/arm64") || !one.Supports("linux/amd64") {
		t.Fatalf("amd64-only: %+v, %v", one, err)
	}
}

// The gate asks no registry until a revision is about to be registered,
// then each image once per pass, and refuses exactly the ones the registry
// says are missing, reporting them; a registry that cannot answer refuses
// nothing. A new pass (Reset) asks again: a tag pushed since is allowed.
func TestGateRefusesOnlyMissingTagsWhenAsked(t *testing.T) {
	reg := newTestRegistry(t)
	reg.push(t, "everruns/worker", "v1")
	reg.push(t, "everruns/api", "v1")
	env := loadEnv(t, reg.host, "v2", "tag", false) // api:v2 not pushed yet
	var troubles []Trouble
	report := func(tr Trouble) { troubles = append(troubles, tr) }
	g := &Gate{}
	heads := reg.count("HEAD")
	g.Reset(&Resolver{}, env, report)
	if n := reg.count("HEAD") - heads; n != 0 {
		t.Errorf("a pass that registers nothing asked the registry %d times", n)
	}
	ctx := t.Context()
	api, worker := reg.host+"/everruns/api:v2", reg.host+"/everruns/worker:v1"
	if why := g.Refusal(ctx, api); !strings.Contains(why, "MANIFEST_UNKNOWN") {
		t.Errorf("api:v2 refusal %q, want the registry's MANIFEST_UNKNOWN", why)
	}
	if why := g.Refusal(ctx, worker); why != "" {
		t.Errorf("worker:v1 refused: %q", why)
	}
	if g.Known(api) == "" || g.Known(worker) != "" {
		t.Errorf("Known: api %q, worker %q; want what Refusal answered", g.Known(api), g.Known(worker))
	}
	_ = g.Refusal(ctx, api)
	if n := reg.count("HEAD") - heads; n != 2 {
		t.Errorf("%d HEADs for two images asked about (one twice), want 2: once per image and pass", n)
	}
	if len(troubles) != 1 || troubles[0].Address != "service.api.task_definition" || !errors.Is(troubles[0].Err, ErrNotFound) {
		t.Fatalf("troubles = %v, want the api's missing tag, once", troubles)
	}
	reg.push(t, "everruns/api", "v2")
	g.Reset(&Resolver{}, env, report)
	if g.Known(api) != "" {
		t.Errorf("a new pass still knows api:v2 as missing: %q", g.Known(api))
	}
	if why := g.Refusal(ctx, api); why != "" {
		t.Errorf("after the push, a new pass refuses api:v2: %q", why)
	}
	reg.srv.Close()
	g.Reset(&Resolver{}, env, report)
	if why := g.Refusal(ctx, worker); why != "" {
		t.Errorf("unreachable registry: refusal %q; want nothing refused", why)
	}
}

// A registry that asks for no credentials never has the container's secret
// read: the first apply checks images before it creates that secret, and
// a read of a secret that does not exist yet is a denial in CloudTrail.
func TestCredentialsAreReadOnlyWhenTheRegistryAsks(t *testing.T) {
	reg := newTestRegistry(t)
	reg.push(t, "everruns/api", "v1")
	creds := &fixedCredentials{name: "everruns/production/ghcr"}
	r := &Resolver{Credentials: creds}
	img := Image{Repository: reg.host + "/everruns/api", Tag: "v1", Secret: "everruns/production/ghcr"}
	if _, err := r.Exists(t.Context(), img); err != nil {
		t.Fatalf("Exists: %v", err)
	}
	if _, err := r.Inspect(t.Context(), img); err != nil {
		t.Fatalf("Inspect: %v", err)
	}
	if creds.reads != 0 {
		t.Errorf("the secret was read %d times for a registry that asked for no credentials", creds.reads)
	}
}
