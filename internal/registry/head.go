package registry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// userAgent names the reconciler in the registry's logs.
const userAgent = "everruns-reconciler"

// manifestTypes are the manifests a tag may name, as the Accept header
// asks for them: an index (multi-platform) or a single manifest, in OCI's
// and Docker's media types.
var manifestTypes = strings.Join([]string{
	"application/vnd.oci.image.index.v1+json",
	"application/vnd.docker.distribution.manifest.list.v2+json",
	"application/vnd.oci.image.manifest.v1+json",
	"application/vnd.docker.distribution.manifest.v2+json",
}, ", ")

// StatusError is a registry's answer other than success: 429 when it
// rate-limits, 401 when the credentials are refused, 404 for a tag that
// does not exist.
type StatusError struct {
	StatusCode int
	URL        string
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%s: %d %s", e.URL, e.StatusCode, http.StatusText(e.StatusCode))
}

// resolve returns the digest p's tag names now: one HEAD of the manifest
// (registries do not count a HEAD against pull limits), after the token
// handshake, with the registry credentials when the container has them.
// For a multi-platform image it is the index's digest, which ECS accepts
// and resolves per platform itself. There is no retry: a registry that is
// down or rate-limiting is asked again at the next pass.
//
// The handshake is the Docker Registry HTTP API v2's, written here rather
// than taken from go-containerregistry, whose remote package brings the
// Docker CLI's credential store (docker/cli, logrus) into the binary: the
// reconciler's credentials come from the container's secret only.
func (r *Resolver) resolve(ctx context.Context, p pin) (string, error) {
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	host, repo, err := parseImage(p.image)
	if err != nil {
		return "", fmt.Errorf("parse image: %w", err)
	}
	creds, err := r.basic(ctx, p)
	if err != nil {
		return "", err
	}
	manifest := scheme(host) + "://" + host + "/v2/" + repo + "/manifests/" + url.PathEscape(p.tag)
	resp, err := r.head(ctx, manifest, "")
	if err != nil {
		return "", fmt.Errorf("head manifest: %w", err)
	}
	if resp.StatusCode == http.StatusUnauthorized {
		authz, err := r.authorize(ctx, resp.Header.Get("WWW-Authenticate"), repo, creds)
		if err != nil {
			return "", fmt.Errorf("head manifest: %w", err)
		}
		if resp, err = r.head(ctx, manifest, authz); err != nil {
			return "", fmt.Errorf("head manifest: %w", err)
		}
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("head manifest: %w", &StatusError{StatusCode: resp.StatusCode, URL: manifest})
	}
	digest := resp.Header.Get("Docker-Content-Digest")
	if !strings.HasPrefix(digest, "sha256:") || len(digest) != len("sha256:")+64 {
		return "", fmt.Errorf("head manifest: %s answered no sha256 Docker-Content-Digest (%q)", manifest, digest)
	}
	return digest, nil
}

func (r *Resolver) client() *http.Client {
	if r.HTTPClient != nil {
		return r.HTTPClient
	}
	return http.DefaultClient
}

// head sends one HEAD of the manifest, with authz as Authorization.
func (r *Resolver) head(ctx context.Context, manifest, authz string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, manifest, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", manifestTypes)
	req.Header.Set("User-Agent", userAgent)
	if authz != "" {
		req.Header.Set("Authorization", authz)
	}
	resp, err := r.client().Do(req)
	if err != nil {
		return nil, err
	}
	_ = resp.Body.Close()
	return resp, nil
}

// authorize answers a 401's challenge: Basic with the credentials, or
// Bearer with a token from the realm (asked with the credentials, or
// anonymously for a public image).
func (r *Resolver) authorize(ctx context.Context, challenge, repo string, creds *Basic) (string, error) {
	kind, params := parseChallenge(challenge)
	switch kind {
	case "basic":
		if creds == nil {
			return "", errors.New("the registry asks for credentials and the container has none (registry_credentials)")
		}
		req, _ := http.NewRequest(http.MethodGet, "http://x", nil)
		req.SetBasicAuth(creds.Username, creds.Password)
		return req.Header.Get("Authorization"), nil
	case "bearer":
	default:
		return "", fmt.Errorf("unsupported authentication challenge %q", kind)
	}
	realm, err := url.Parse(params["realm"])
	if err != nil || (realm.Scheme != "https" && realm.Scheme != "http") {
		return "", fmt.Errorf("token realm %q is not a URL", params["realm"])
	}
	q := realm.Query()
	if s := params["service"]; s != "" {
		q.Set("service", s)
	}
	q.Set("scope", "repository:"+repo+":pull")
	realm.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, realm.String(), nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("User-Agent", userAgent)
	if creds != nil {
		req.SetBasicAuth(creds.Username, creds.Password)
	}
	resp, err := r.client().Do(req)
	if err != nil {
		return "", fmt.Errorf("token: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("token: %w", &StatusError{StatusCode: resp.StatusCode, URL: realm.Scheme + "://" + realm.Host + realm.Path})
	}
	var tok struct {
		Token       string `json:"token"`
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&tok); err != nil {
		return "", errors.New("token: the answer is not a token") // never quote it: it is a credential
	}
	if tok.Token == "" {
		tok.Token = tok.AccessToken
	}
	if tok.Token == "" {
		return "", errors.New("token: the answer has no token")
	}
	return "Bearer " + tok.Token, nil
}

// parseChallenge reads a WWW-Authenticate header: its scheme in lower
// case and its parameters (realm="…",service="…").
func parseChallenge(h string) (string, map[string]string) {
	kind, rest, _ := strings.Cut(strings.TrimSpace(h), " ")
	params := map[string]string{}
	for rest != "" {
		var k, v string
		k, rest, _ = strings.Cut(strings.TrimLeft(rest, " ,"), "=")
		if strings.HasPrefix(rest, `"`) {
			v, rest, _ = strings.Cut(rest[1:], `"`)
		} else {
			v, rest, _ = strings.Cut(rest, ",")
		}
		params[strings.ToLower(strings.TrimSpace(k))] = v
	}
	return strings.ToLower(kind), params
}

// parseImage splits an image (no tag) into its registry host and its
// repository, as Docker reads a name: the first component is a registry
// if it has a dot or a port or is localhost; otherwise the image is on
// Docker Hub, under library/ when it has one component.
func parseImage(image string) (host, repo string, err error) {
	if image == "" || strings.ContainsAny(image, "@ ") {
		return "", "", fmt.Errorf("%q is not an image name", image)
	}
	first, rest, found := strings.Cut(image, "/")
	if found && (strings.ContainsAny(first, ".:") || first == "localhost") {
		host, repo = first, rest
	} else {
		host, repo = "index.docker.io", image
		if !found {
			repo = "library/" + image
		}
	}
	if host == "docker.io" {
		host = "index.docker.io"
	}
	if repo == "" || repo != strings.ToLower(repo) {
		return "", "", fmt.Errorf("%q is not an image name (repository in lower case)", image)
	}
	return host, repo, nil
}

// scheme is http for a registry on this machine (a local registry rarely
// has a certificate: Docker treats localhost and 127.0.0.0/8 as insecure
// too), https for every other, private addresses included.
func scheme(host string) string {
	h := host
	if hh, _, err := net.SplitHostPort(host); err == nil {
		h = hh
	}
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return "http"
	}
	if ip := net.ParseIP(h); ip != nil && ip.IsLoopback() {
		return "http"
	}
	return "https"
}

// basic reads the container's registry credentials, if it has some.
func (r *Resolver) basic(ctx context.Context, p pin) (*Basic, error) {
	if p.secret == "" || r.Credentials == nil {
		return nil, nil
	}
	c, err := r.Credentials.Credentials(ctx, p.secret)
	if err != nil {
		return nil, fmt.Errorf("registry credentials: %w", err)
	}
	return &c, nil
}
