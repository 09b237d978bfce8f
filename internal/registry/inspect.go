package registry

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
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
	ref, opts, cancel, err := r.request(ctx, img)
	if err != nil {
		return "", err
	}
	defer cancel()
	desc, err := remote.Head(ref, opts...)
	if err != nil {
		return "", r.explain(ref, img, err, opts)
	}
	return desc.Digest.String(), nil
}

// Inspect is Exists with the platforms: for an index, one GET of it; for
// a single image, its config's OS and architecture.
func (r *Resolver) Inspect(ctx context.Context, img Image) (Manifest, error) {
	ref, opts, cancel, err := r.request(ctx, img)
	if err != nil {
		return Manifest{}, err
	}
	defer cancel()
	desc, err := remote.Head(ref, opts...)
	if err != nil {
		return Manifest{}, r.explain(ref, img, err, opts)
	}
	m := Manifest{Digest: desc.Digest.String(), MediaType: string(desc.MediaType)}
	if desc.MediaType.IsIndex() {
		idx, err := remote.Index(ref, opts...)
		if err != nil {
			return m, fmt.Errorf("read index of %s: %w", img, err)
		}
		im, err := idx.IndexManifest()
		if err != nil {
			return m, fmt.Errorf("read index of %s: %w", img, err)
		}
		for _, d := range im.Manifests {
			// "unknown/unknown" entries are attestations, not images.
			if d.Platform != nil && d.Platform.OS != "unknown" && !slices.Contains(m.Platforms, platform(d.Platform)) {
				m.Platforms = append(m.Platforms, platform(d.Platform))
			}
		}
		return m, nil
	}
	if desc.MediaType.IsImage() {
		image, err := remote.Image(ref, opts...)
		if err != nil {
			return m, fmt.Errorf("read image %s: %w", img, err)
		}
		cfg, err := image.ConfigFile()
		if err != nil {
			return m, fmt.Errorf("read config of %s: %w", img, err)
		}
		if cfg.Architecture != "" {
			m.Platforms = []string{platform(&v1.Platform{OS: cfg.OS, Architecture: cfg.Architecture})}
		}
	}
	return m, nil
}

// platform is "os/architecture": the variant is left out, as Fargate's two
// platforms (linux/amd64, linux/arm64) are named without one, while
// indexes often name arm64's ("v8").
func platform(p *v1.Platform) string {
	return p.OS + "/" + p.Architecture
}

// request is the reference and the options of one registry request, its
// context bounded by the resolver's timeout.
func (r *Resolver) request(ctx context.Context, img Image) (name.Reference, []remote.Option, context.CancelFunc, error) {
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	ref, err := name.NewTag(img.String())
	if err != nil {
		return nil, nil, nil, fmt.Errorf("parse image %s: %w", img, err)
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	auth, err := r.auth(ctx, pin{image: img.Repository, tag: img.Tag, secret: img.Secret})
	if err != nil {
		cancel()
		return nil, nil, nil, err
	}
	opts := append([]remote.Option{remote.WithContext(ctx), remote.WithAuth(auth), remote.WithUserAgent(userAgent),
		remote.WithRetryBackoff(noRetry)}, r.Options...)
	return ref, opts, cancel, nil
}

// explain turns a failed HEAD into a *NotFoundError when the registry
// said 404, with its error code read by a GET; any other error is
// returned as it is (the registry could not be asked).
func (r *Resolver) explain(ref name.Reference, img Image, err error, opts []remote.Option) error {
	var te *transport.Error
	if !errors.As(err, &te) || te.StatusCode != http.StatusNotFound {
		return fmt.Errorf("head manifest of %s: %w", img, err)
	}
	answer := "404 Not Found"
	if _, getErr := remote.Get(ref, opts...); errors.As(getErr, &te) && len(te.Errors) > 0 {
		answer = string(te.Errors[0].Code) + ": " + te.Errors[0].Message
	}
	return &NotFoundError{Image: img.String(), Answer: answer}
}
