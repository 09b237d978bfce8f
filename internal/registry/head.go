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
// handshake. For a multi-platform image it is the index's digest, which
// ECS accepts and resolves per platform itself. There is no retry: a
// registry that is down or rate-limiting is asked again at the next pass.
//
// The handshake is the Docker Registry HTTP API v2's, written here rather
// than taken from go-containerregistry, whose remote package brings the
// Docker CLI's credential store (docker/cli, logrus) into the binary: the
// reconciler's credentials come from the container's secret only.
func (r *Resolver) resolve(ctx context.Context, p pin) (string, error) {
	ctx, cancel := r.bounded(ctx)
	defer cancel()
	ans, err := r.ask(ctx, http.MethodHead, p, "manifests/"+url.PathEscape(p.tag))
	if err != nil {
		return "", fmt.Errorf("head manifest: %w", err)
	}
	if ans.status != http.StatusOK {
		return "", fmt.Errorf("head manifest: %w", &StatusError{StatusCode: ans.status, URL: ans.url})
	}
	return ans.digest()
}

// bounded is ctx within the resolver's timeout for one image.
func (r *Resolver) bounded(ctx context.Context) (context.Context, context.CancelFunc) {
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	return context.WithTimeout(ctx, timeout)
}

// answer is a registry's answer to one request: its status, headers and
// (for a GET) body, and the Authorization it was asked with, for the next
// request of the same image.
type answer struct {
	status int
	header http.Header
	body   []byte
	url    string
	authz  string
}

// digest is the sha256 digest the registry says the manifest has.
func (a answer) digest() (string, error) {
	d := a.header.Get("Docker-Content-Digest")
	if !strings.HasPrefix(d, "sha256:") || len(d) != len("sha256:")+64 {
		return "", fmt.Errorf("%s answered no sha256 Docker-Content-Digest (%q)", a.url, d)
	}
	return d, nil
}

// ask sends one request for path ("manifests/TAG", "blobs/DIGEST") of p's
// repository, answering the registry's challenge. The container's
// credentials are read only when the registry asks for some: a public
// image needs none, and a secret that does not exist yet (the first apply
// creates it) is then never read. When they cannot be read, the image is
// asked for anonymously, which a public image allows.
func (r *Resolver) ask(ctx context.Context, method string, p pin, path string) (answer, error) {
	host, repo, err := parseImage(p.image)
	if err != nil {
		return answer{}, fmt.Errorf("parse image: %w", err)
	}
	u := scheme(host) + "://" + host + "/v2/" + repo + "/" + path
	ans, err := r.send(ctx, method, u, "")
	if err != nil || ans.status != http.StatusUnauthorized {
		return ans, err
	}
	creds, credErr := r.basic(ctx, p)
	authz, err := r.authorize(ctx, ans.header.Get("WWW-Authenticate"), repo, creds)
	if err != nil {
		return ans, errors.Join(err, credErr)
	}
	ans, err = r.send(ctx, method, u, authz)
	if err == nil && ans.status == http.StatusUnauthorized && credErr != nil {
		err = credErr // anonymous was not enough: say why there were no credentials
	}
	return ans, err
}

func (r *Resolver) client() *http.Client {
	if r.HTTPClient != nil {
		return r.HTTPClient
	}
	return http.DefaultClient
}

// maxManifest bounds what is read of a registry's answer: an index or a
// manifest is a few kilobytes, an image's config rarely more than tens.
const maxManifest = 4 << 20

// send sends one request with authz as Authorization; a GET's body is
// read, up to maxManifest.
func (r *Resolver) send(ctx context.Context, method, u, authz string) (answer, error) {
	req, err := http.NewRequestWithContext(ctx, method, u, nil)
	if err != nil {
		return answer{}, err
	}
	req.Header.Set("Accept", manifestTypes)
	req.Header.Set("User-Agent", userAgent)
	if authz != "" {
		req.Header.Set("Authorization", authz)
	}
	resp, err := r.client().Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	ans := answer{status: resp.StatusCode, header: resp.Header, url: u, authz: authz}
	if method == http.MethodGet {
		if ans.body, err = io.ReadAll(io.LimitReader(resp.Body, maxManifest)); err != nil {
			return ans, fmt.Errorf("read %s: %w", u, err)
		}
	}
	return ans, nil
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
