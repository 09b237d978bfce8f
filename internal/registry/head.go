package registry

import (
	"context"
	"fmt"
	"time"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// userAgent names the reconciler in the registry's logs.
const userAgent = "everruns-reconciler"

// noRetry: a registry that is down or rate-limiting is asked again at the
// next pass, not within this one; go-containerregistry's default would
// wait 1 s then 3 s, and retry a 429 too.
var noRetry = remote.Backoff{Duration: time.Millisecond, Factor: 1, Steps: 1}

// resolve returns the digest p's tag names now: one HEAD of the manifest
// (registries do not count a HEAD against pull limits), after the token
// handshake, with the registry credentials when the container has them.
// For a multi-platform image it is the index's digest, which ECS accepts
// and resolves per platform itself.
func (r *Resolver) resolve(ctx context.Context, p pin) (string, error) {
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	ref, err := name.NewTag(p.image + ":" + p.tag)
	if err != nil {
		return "", fmt.Errorf("parse image: %w", err)
	}
	auth, err := r.auth(ctx, p)
	if err != nil {
		return "", err
	}
	opts := append([]remote.Option{remote.WithContext(ctx), remote.WithAuth(auth), remote.WithUserAgent(userAgent),
		remote.WithRetryBackoff(noRetry)}, r.Options...)
	desc, err := remote.Head(ref, opts...)
	if err != nil {
		return "", fmt.Errorf("head manifest: %w", err)
	}
	return desc.Digest.String(), nil
}

// auth is anonymous, or the container's registry credentials.
func (r *Resolver) auth(ctx context.Context, p pin) (authn.Authenticator, error) {
	if p.secret == "" || r.Credentials == nil {
		return authn.Anonymous, nil
	}
	c, err := r.Credentials.Credentials(ctx, p.secret)
	if err != nil {
		return nil, fmt.Errorf("registry credentials: %w", err)
	}
	return authn.FromConfig(authn.AuthConfig{Username: c.Username, Password: c.Password}), nil
}
