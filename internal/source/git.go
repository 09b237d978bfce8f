package source

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/config"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/transport"
	gitclient "github.com/go-git/go-git/v5/plumbing/transport/client"
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
	// Timeout bounds every git operation, asking for the head or cloning
	// (default 30s): a server that accepts and never answers would
	// otherwise hold a pass, or the watch, for ever.
	Timeout time.Duration
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
	// seen is the newest branch head known to the watch or read by Fetch,
	// and changes the watch's channel: a head a pass has already read is
	// not announced again (see settle).
	seen    plumbing.Hash
	changes chan struct{}
	// afterLook, when set (tests), is called after each look of the watch.
	afterLook func()
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
	if opts.Timeout == 0 {
		opts.Timeout = DefaultGitTimeout
	}
	if opts.Poll < 0 || opts.Timeout < 0 {
		return nil, errors.New("git source: the poll interval and the timeout must be positive")
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
	installHTTPTransport()
	return g, nil
}

// DefaultGitTimeout bounds one git operation unless GitOptions say
// otherwise.
const DefaultGitTimeout = 30 * time.Second

var installHTTP sync.Once

// installHTTPTransport gives go-git's http and https transports a client
// that bounds the connection, the TLS handshake and the wait for the
// response's headers: a backstop under the timeout of each operation
// (GitOptions.Timeout), which is the bound that counts. go-git keeps
// transports in a global table, so this is done once, with bounds that do
// not depend on any one source's options.
func installHTTPTransport() {
	installHTTP.Do(func() {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.DialContext = (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext
		tr.TLSHandshakeTimeout = 10 * time.Second
		tr.ResponseHeaderTimeout = 2 * time.Minute
		c := githttp.NewClient(&http.Client{Transport: tr})
		gitclient.InstallProtocol("http", c)
		gitclient.InstallProtocol("https", c)
	})
}

// bounded runs op under the operation timeout; a timeout is an error that
// says so (the caller names the operation).
func (g *Git) bounded(ctx context.Context, op func(context.Context) error) error {
	opCtx, cancel := context.WithTimeout(ctx, g.opts.Timeout)
	defer cancel()
	err := op(opCtx)
	if err != nil && ctx.Err() == nil && errors.Is(opCtx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("no answer within %s (--git-timeout): %w", g.opts.Timeout, err)
	}
	return err
}

// URL is the repository's URL without credentials.
func (g *Git) URL() string { return g.url }

// Refresh asks the watch to look at the branch head now (a push webhook
// calls it); it never blocks, and a burst is one look.
//
// A push therefore reaches the daemon twice: as the webhook's own trigger,
// whose pass Fetches the new head, and as the watch's notice of that head.
// Only one of them may make a pass: whichever of the watch and Fetch
// learns of a head first makes it seen, and the other then neither
// announces it (the watch) nor leaves its announcement pending (Fetch).
func (g *Git) Refresh() { notify(g.refresh) }

// head asks the remote for the branch head's commit.
func (g *Git) head(ctx context.Context) (plumbing.Hash, error) {
	remote := git.NewRemote(memory.NewStorage(), &config.RemoteConfig{Name: "origin", URLs: []string{g.url}})
	var refs []*plumbing.Reference
	err := g.bounded(ctx, func(ctx context.Context) (err error) {
		refs, err = remote.ListContext(ctx, &git.ListOptions{Auth: g.auth})
		return err
	})
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
