package registry

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// A registry with a token service (Docker Hub, GHCR, ECR Public): the
// HEAD's 401 names the realm; the token is asked for the repository's pull
// scope with the container's credentials, and the HEAD sent again with it.
func TestBearerTokenHandshake(t *testing.T) {
	const digest = "sha256:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	var srv *httptest.Server
	var tokenQuery string
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/token":
			if u, p, ok := r.BasicAuth(); !ok || u != "bot" || p != "s3cret" {
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			tokenQuery = r.URL.RawQuery
			_, _ = w.Write([]byte(`{"token":"tok-1"}`))
		case r.Method == http.MethodHead && r.URL.Path == "/v2/everruns/api/manifests/v1.2":
			if r.Header.Get("Authorization") != "Bearer tok-1" {
				w.Header().Set("WWW-Authenticate", `Bearer realm="`+srv.URL+`/token",service="test-registry"`)
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
			if !strings.Contains(r.Header.Get("Accept"), "application/vnd.oci.image.index.v1+json") {
				t.Errorf("Accept = %q, want the index types too", r.Header.Get("Accept"))
			}
			w.Header().Set("Docker-Content-Digest", digest)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	r := &Resolver{Credentials: &fixedCredentials{name: "regcreds", basic: Basic{Username: "bot", Password: "s3cret"}}}
	got, err := r.resolve(t.Context(), pin{image: host + "/everruns/api", tag: "v1.2", secret: "regcreds"})
	if err != nil || got != digest {
		t.Fatalf("resolve = %q, %v; want %s", got, err, digest)
	}
	if tokenQuery != "scope=repository%3Aeverruns%2Fapi%3Apull&service=test-registry" {
		t.Errorf("token asked with %q", tokenQuery)
	}
	// Without credentials the token service refuses: the error says so
	// with the status, and never the password.
	_, err = (&Resolver{}).resolve(context.Background(), pin{image: host + "/everruns/api", tag: "v1.2"})
	if err == nil || !strings.Contains(err.Error(), "401") || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("anonymous resolve = %v, want the token's 401", err)
	}
}

func TestParseImage(t *testing.T) {
	for image, want := range map[string][2]string{
		"nginx":                                  {"index.docker.io", "library/nginx"},
		"temporalio/auto-setup":                  {"index.docker.io", "temporalio/auto-setup"},
		"docker.io/temporalio/server":            {"index.docker.io", "temporalio/server"},
		"ghcr.io/everruns/api":                   {"ghcr.io", "everruns/api"},
		"localhost:5000/a/b":                     {"localhost:5000", "a/b"},
		"1234.dkr.ecr.eu-west-1.amazonaws.com/x": {"1234.dkr.ecr.eu-west-1.amazonaws.com", "x"},
	} {
		host, repo, err := parseImage(image)
		if err != nil || host != want[0] || repo != want[1] {
			t.Errorf("parseImage(%q) = %q, %q, %v; want %q, %q", image, host, repo, err, want[0], want[1])
		}
	}
	if scheme("127.0.0.1:5000") != "http" || scheme("ghcr.io") != "https" || scheme("10.0.0.5:443") != "https" {
		t.Error("scheme: a loopback registry is http, a public or private one https")
	}
}
