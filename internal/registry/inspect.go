package registry

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Manifest is what a registry says of one image:tag.
type Manifest struct {
	Digest    string
	MediaType string
	// Platforms are the index's platforms ("linux/amd64"), or the one
	// platform of a single image's config; empty when the registry does
	// not say.
	Platforms []string
}

// Supports says whether the manifest runs on platform ("linux/arm64"). A
// manifest whose platforms are unknown is given the benefit of the doubt.
func (m Manifest) Supports(platform string) bool {
	return len(m.Platforms) == 0 || slices.Contains(m.Platforms, platform)
}

// Image is one image:tag to ask about, with the Secrets Manager name of
// its registry credentials ("" for anonymous).
type Image struct {
	Repository, Tag string
	Secret          string
}

func (i Image) String() string { return i.Repository + ":" + i.Tag }

// ErrNotFound is a registry's definitive answer that the tag (or the
// repository) does not exist, as opposed to a registry that could not be
// asked.
var ErrNotFound = errors.New("not found in its registry")

// NotFoundError carries the registry's own answer (MANIFEST_UNKNOWN, …).
type NotFoundError struct {
	Image  string
	Answer string
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("%s %s (%s)", e.Image, ErrNotFound, e.Answer)
}

func (e *NotFoundError) Unwrap() error { return ErrNotFound }

// Exists asks the registry whether img exists: one manifest HEAD. A
// missing tag is a *NotFoundError with the registry's answer (a HEAD has
// no body, so the answer is read with one GET of what is not there).
func (r *Resolver) Exists(ctx context.Context, img Image) (string, error) {
	ctx, cancel := r.bounded(ctx)
	defer cancel()
	p := img.pin()
	ans, err := r.ask(ctx, http.MethodHead, p, "manifests/"+url.PathEscape(img.Tag))
	if err != nil {
		return "", fmt.Errorf("head manifest of %s: %w", img, err)
	}
	if ans.status == http.StatusNotFound {
		got, err := r.send(ctx, http.MethodGet, ans.url, ans.authz)
		if err != nil {
			got = answer{status: http.StatusNotFound}
		}
		return "", notFound(img, got)
	}
	if ans.status != http.StatusOK {
		return "", fmt.Errorf("head manifest of %s: %w", img, &StatusError{StatusCode: ans.status, URL: ans.url})
	}
	return ans.digest()
}

// Inspect is Exists with the platforms: one GET of the manifest; for an
// index its platforms, for a single image its config's OS and
// architecture (one GET of the config blob).
func (r *Resolver) Inspect(ctx context.Context, img Image) (Manifest, error) {
	ctx, cancel := r.bounded(ctx)
	defer cancel()
	p := img.pin()
	ans, err := r.ask(ctx, http.MethodGet, p, "manifests/"+url.PathEscape(img.Tag))
	if err != nil {
		return Manifest{}, fmt.Errorf("get manifest of %s: %w", img, err)
	}
	switch ans.status {
	case http.StatusOK:
	case http.StatusNotFound:
		return Manifest{}, notFound(img, ans)
	default:
		return Manifest{}, fmt.Errorf("get manifest of %s: %w", img, &StatusError{StatusCode: ans.status, URL: ans.url})
	}
	var doc struct {
		MediaType string `json:"mediaType"`
		Manifests []struct {
			Platform *struct {
				OS           string `json:"os"`
				Architecture string `json:"architecture"`
			} `json:"platform"`
		} `json:"manifests"`
		Config struct {
			Digest string `json:"digest"`
		} `json:"config"`
	}
	if err := json.Unmarshal(ans.body, &doc); err != nil {
		return Manifest{}, fmt.Errorf("read manifest of %s: %w", img, err)
	}
	m := Manifest{Digest: ans.header.Get("Docker-Content-Digest"), MediaType: doc.MediaType}
	if m.MediaType == "" {
		m.MediaType, _, _ = strings.Cut(ans.header.Get("Content-Type"), ";")
	}
	if len(doc.Manifests) > 0 {
		for _, d := range doc.Manifests {
			// "unknown/unknown" entries are attestations, not images.
			if d.Platform != nil && d.Platform.OS != "unknown" && !slices.Contains(m.Platforms, d.Platform.OS+"/"+d.Platform.Architecture) {
				m.Platforms = append(m.Platforms, d.Platform.OS+"/"+d.Platform.Architecture)
			}
		}
		return m, nil
	}
	if doc.Config.Digest == "" {
		return m, nil
	}
	repo := ans.url[:strings.LastIndex(ans.url, "/manifests/")]
	cfg, err := r.send(ctx, http.MethodGet, repo+"/blobs/"+doc.Config.Digest, ans.authz)
	if err != nil || cfg.status != http.StatusOK {
		return m, fmt.Errorf("read config of %s: %w", img, errors.Join(err, statusErr(cfg)))
	}
	var c struct {
		OS           string `json:"os"`
		Architecture string `json:"architecture"`
	}
	if err := json.Unmarshal(cfg.body, &c); err != nil {
		return m, fmt.Errorf("read config of %s: %w", img, err)
	}
	if c.Architecture != "" {
		m.Platforms = []string{c.OS + "/" + c.Architecture}
	}
	return m, nil
}

// statusErr is a non-success answer as an error, nil for success or none.
func statusErr(a answer) error {
	if a.status == 0 || a.status == http.StatusOK {
		return nil
	}
	return &StatusError{StatusCode: a.status, URL: a.url}
}

// pin is img as the resolver's pins name an image.
func (img Image) pin() pin { return pin{image: img.Repository, tag: img.Tag, secret: img.Secret} }

// notFound is a *NotFoundError with the registry's own error code and
// message from a GET's body ({"errors":[{"code":"MANIFEST_UNKNOWN",…}]}).
func notFound(img Image, got answer) error {
	answer := "404 Not Found"
	var body struct {
		Errors []struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"errors"`
	}
	if json.Unmarshal(got.body, &body) == nil && len(body.Errors) > 0 {
		answer = body.Errors[0].Code + ": " + body.Errors[0].Message
	}
	return &NotFoundError{Image: img.String(), Answer: answer}
}
