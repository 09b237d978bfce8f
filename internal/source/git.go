package source

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
	"github.com/go-git/go-git/v5/storage/memory"
)

// GitOptions say which file of which branch to follow.
type GitOptions struct {
	URL    string // https://…, file://…
	Branch string // default main
	Path   string // default deploy/environment.yaml
	// Token authenticates over HTTPS (GitHub accepts a token as the
	// password of any user). It is never logged nor put in an error.
	Token string
	// Poll is how often the branch head is asked for (default 1m).
	Poll time.Duration
	// OnPollError is told when asking for the head fails; nil ignores it.
	OnPollError func(error)
}

// Git is one file of a git branch, read with go-git (no git binary), in
// memory. Its revision is the commit SHA of the branch head.
type Git struct {
	opts    GitOptions
	url     string // without credentials: safe to log
	auth    transport.AuthMethod
	refresh chan struct{}

	mu     sync.Mutex
	cached Snapshot // the last snapshot read, reused while the head stays
}

// NewGit checks opts and fills their defaults. Credentials written in the
// URL are moved out of it, so that no error can carry them.
func NewGit(opts GitOptions) (*Git, error) {
	if opts.Branch == "" {
		opts.Branch = "main"
	}
	if opts.Path == "" {
		opts.Path = "deploy/environment.yaml"
	}
	if opts.Poll == 0 {
		opts.Poll = time.Minute
	}
	if opts.Poll < 0 {
		return nil, errors.New("git source: the poll interval must be positive")
	}
	u, err := url.Parse(opts.URL)
	if err != nil || u.Scheme == "" {
		return nil, errors.New("git source: the URL must be absolute, such as https://github.com/org/repo or file:///path")
	}
	g := &Git{opts: opts, refresh: make(chan struct{}, 1)}
	if pw, ok := u.User.Password(); ok && opts.Token == "" {
		g.opts.Token = pw
	}
	u.User = nil
	g.url = u.String()
	if g.opts.Token != "" {
		g.auth = &githttp.BasicAuth{Username: "x-access-token", Password: g.opts.Token}
	}
	return g, nil
}

// URL is the repository's URL without credentials.
func (g *Git) URL() string { return g.url }

// Refresh asks the watch to look at the branch head now (a push webhook
// calls it); it never blocks, and a burst is one look.
func (g *Git) Refresh() { notify(g.refresh) }

// head asks the remote for the branch head's commit.
func (g *Git) head(ctx context.Context) (plumbing.Hash, error) {
	remote := git.NewRemote(memory.NewStorage(), &config.RemoteConfig{Name: "origin", URLs: []string{g.url}})
	refs, err := remote.ListContext(ctx, &git.ListOptions{Auth: g.auth})
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("list %s: %w", g.url, err)
	}
	want := plumbing.NewBranchReferenceName(g.opts.Branch)
	for _, r := range refs {
		if r.Name() == want {
			return r.Hash(), nil
		}
	}
	return plumbing.ZeroHash, fmt.Errorf("list %s: no branch %s", g.url, g.opts.Branch)
}
