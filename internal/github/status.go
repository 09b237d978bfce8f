package github

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	gh "github.com/google/go-github/v88/github"
	"go.uber.org/zap"
)

// Commit status states.
const (
	StatePending = "pending"
	StateSuccess = "success"
	StateFailure = "failure"
	StateError   = "error"
)

// MaxDescription is GitHub's limit on a status's description.
const MaxDescription = 140

// Status is what one commit should show for one context.
type Status struct {
	SHA string
	// Context is reconciler/<environment>; "" is the poster's default.
	Context     string
	State       string
	Description string
	// IfNone sets the status only on a commit that shows none for the
	// context yet: "pending" as a pass starts on a commit, which a
	// restarted daemon must not set again over the commit's result.
	IfNone bool
}

// key names the commit and context a status is about.
func (s Status) key() string { return s.SHA + "\x00" + s.Context }

// PosterConfig configures a Poster.
type PosterConfig struct {
	Client *gh.Client
	Repo   Repo
	// Context is the default context of a status: reconciler/<environment>.
	Context string
	// TargetURL, when set, is linked from the status (the daemon's /drift).
	TargetURL string
	// Leader says whether this replica may post: only the lease holder
	// does, so that two replicas never argue on a commit. Nil: always.
	Leader func() bool
	// Queue bounds the statuses waiting to be sent (default 64); a full
	// queue drops the newest, counted, and the next pass asks again.
	Queue int
	// OnDrop counts what could not be posted (a full queue, a request that
	// failed after its retries).
	OnDrop func(reason string)
	Log    *zap.Logger
}

// Poster sets commit statuses in the background, so that GitHub is never
// on a pass's critical path, and only when a commit's status changes: it
// remembers what it last set per commit, and before the first status of
// a commit it reads the commit's combined status once, so that a restart
// does not repeat what the previous process set.
type Poster struct {
	cfg   PosterConfig
	queue chan Status

	mu sync.Mutex
	// asked is the latest status asked for per commit; set, what GitHub
	// is known to show for the context. Both are pruned to recent commits.
	asked map[string]Status
	set   map[string]Status
	order []string // commits in the order first seen, for pruning
}

// maxCommits is how many commits the poster remembers.
const maxCommits = 64

// NewPoster returns a poster; Run sends what it is given.
func NewPoster(cfg PosterConfig) *Poster {
	if cfg.Queue <= 0 {
		cfg.Queue = 64
	}
	if cfg.Log == nil {
		cfg.Log = zap.NewNop()
	}
	return &Poster{cfg: cfg, queue: make(chan Status, cfg.Queue), asked: map[string]Status{}, set: map[string]Status{}}
}

// Set asks for s on its commit. It never blocks. A status equal to the
// last one asked for the commit is not sent again.
func (p *Poster) Set(s Status) {
	if s.SHA == "" {
		return
	}
	s.Description = Truncate(s.Description, MaxDescription)
	if s.Context == "" {
		s.Context = p.cfg.Context
	}
	p.mu.Lock()
	if p.asked[s.key()] == s {
		p.mu.Unlock()
		return
	}
	p.remember(s.key())
	p.asked[s.key()] = s
	p.mu.Unlock()
	select {
	case p.queue <- s:
	default:
		p.forget(s)
		p.drop("queue_full")
	}
}

// Run posts the queued statuses until ctx ends.
func (p *Poster) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case s := <-p.queue:
			p.post(ctx, s)
		}
	}
}

// post sets s unless GitHub shows it already, or this replica is not the
// leader.
func (p *Poster) post(ctx context.Context, s Status) {
	if p.cfg.Leader != nil && !p.cfg.Leader() {
		p.forget(s) // a later holder, maybe this one, asks again
		return
	}
	current, known := p.current(s.key())
	if !known {
		var err error
		if current, err = p.read(ctx, s); err != nil {
			p.cfg.Log.Warn("read the commit's status", zap.String("commit", s.SHA), zap.Error(err))
			p.drop("read")
			p.forget(s)
			return
		}
	}
	if current.State == s.State && current.Description == s.Description || s.IfNone && current.State != "" {
		return
	}
	st := gh.RepoStatus{State: &s.State, Description: &s.Description, Context: &s.Context}
	if p.cfg.TargetURL != "" {
		st.TargetURL = &p.cfg.TargetURL
	}
	if _, _, err := p.cfg.Client.Repositories.CreateStatus(ctx, p.cfg.Repo.Owner, p.cfg.Repo.Name, s.SHA, st); err != nil {
		p.cfg.Log.Warn("set the commit status", zap.String("commit", s.SHA), zap.String("state", s.State), zap.Error(err))
		p.drop("create")
		p.forget(s)
		return
	}
	p.mu.Lock()
	p.set[s.key()] = Status{SHA: s.SHA, Context: s.Context, State: s.State, Description: s.Description}
	p.mu.Unlock()
	p.cfg.Log.Info("commit status set", zap.String("commit", s.SHA), zap.String("context", s.Context), zap.String("state", s.State),
		zap.String("description", s.Description))
}

func (p *Poster) current(key string) (Status, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s, ok := p.set[key]
	return s, ok
}

// read learns what the commit shows for the status's context: the
// combined status holds the latest status of each context.
func (p *Poster) read(ctx context.Context, want Status) (Status, error) {
	opts := &gh.ListOptions{PerPage: 100}
	found := Status{SHA: want.SHA, Context: want.Context}
	for {
		combined, resp, err := p.cfg.Client.Repositories.GetCombinedStatus(ctx, p.cfg.Repo.Owner, p.cfg.Repo.Name, want.SHA, opts)
		if err != nil {
			return Status{}, fmt.Errorf("combined status of %s: %w", want.SHA, err)
		}
		for _, st := range combined.Statuses {
			if st.GetContext() == want.Context {
				found.State, found.Description = st.GetState(), st.GetDescription()
				resp.NextPage = 0
				break
			}
		}
		if resp.NextPage == 0 {
			p.mu.Lock()
			p.set[want.key()] = found
			p.mu.Unlock()
			return found, nil
		}
		opts.Page = resp.NextPage
	}
}

// forget lets s be asked for again (it was not posted).
func (p *Poster) forget(s Status) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.asked[s.key()] == s {
		delete(p.asked, s.key())
	}
}

// remember notes key, dropping the oldest past maxCommits. The caller
// holds p.mu.
func (p *Poster) remember(key string) {
	if _, ok := p.asked[key]; ok {
		return
	}
	if _, ok := p.set[key]; ok {
		return
	}
	p.order = append(p.order, key)
	for len(p.order) > maxCommits {
		old := p.order[0]
		p.order = p.order[1:]
		delete(p.asked, old)
		delete(p.set, old)
	}
}

func (p *Poster) drop(reason string) {
	if p.cfg.OnDrop != nil {
		p.cfg.OnDrop(reason)
	}
}

// Truncate cuts s to at most n characters, on a rune boundary, marking
// the cut with an ellipsis.
func Truncate(s string, n int) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
