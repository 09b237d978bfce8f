package source

import (
	"strings"
	"testing"
	"time"

	"github.com/everruns/reconciler/internal/source/sourcetest"
	"github.com/everruns/reconciler/internal/testnet"
)

func TestGitFetchReadsThePathAtTheBranchHead(t *testing.T) {
	repo := sourcetest.NewRepo(t)
	first := repo.Commit(t, "deploy/environment.yaml", []byte("a"))
	g, err := NewGit(GitOptions{URL: repo.URL})
	if err != nil {
		t.Fatal(err)
	}
	s, err := g.Fetch(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if s.Revision != first || string(s.Data) != "a" || s.Name != "deploy/environment.yaml" {
		t.Errorf("Fetch = %+v, want revision %s and data a", s, first)
	}
	second := repo.Commit(t, "deploy/environment.yaml", []byte("b"))
	if s, err = g.Fetch(t.Context()); err != nil || s.Revision != second || string(s.Data) != "b" {
		t.Errorf("Fetch after a commit = %+v, %v; want revision %s and data b", s, err, second)
	}
}

// The head commit's message comes with the file (a freeze window's
// override token is looked for in it), from a fresh clone and from the
// cached read alike.
func TestGitFetchCarriesTheCommitMessage(t *testing.T) {
	repo := sourcetest.NewRepo(t)
	repo.CommitMessage(t, "deploy/environment.yaml", []byte("a"), "hotfix\n\n[freeze-override]\n")
	g, err := NewGit(GitOptions{URL: repo.URL})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		s, err := g.Fetch(t.Context())
		if err != nil || s.Message != "hotfix\n\n[freeze-override]\n" {
			t.Errorf("Fetch = %q, %v; want the head commit's message", s.Message, err)
		}
	}
}

func TestGitFetchFailures(t *testing.T) {
	repo := sourcetest.NewRepo(t)
	repo.Commit(t, "deploy/environment.yaml", []byte("a"))
	repo.Commit(t, "big.yaml", []byte(strings.Repeat("x", MaxSize+1)))
	for name, c := range map[string]struct {
		opts GitOptions
		want string
	}{
		"missing path":   {GitOptions{URL: repo.URL, Path: "nope.yaml"}, "no file nope.yaml"},
		"missing branch": {GitOptions{URL: repo.URL, Branch: "prod"}, "no branch prod"},
		"too large":      {GitOptions{URL: repo.URL, Path: "big.yaml"}, "larger than the 1048576-byte limit"},
	} {
		t.Run(name, func(t *testing.T) {
			g, err := NewGit(c.opts)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := g.Fetch(t.Context()); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Fetch = %v, want an error containing %q", err, c.want)
			}
		})
	}
}

// A token, given or written in the URL, never reaches an error: the URL
// the source uses and reports has no credentials.
func TestGitTokenNeverInAnError(t *testing.T) {
	g, err := NewGit(GitOptions{URL: "http://user:s3cr3t-token@127.0.0.1:1/org/repo"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = g.Fetch(t.Context())
	if err == nil {
		t.Fatal("Fetch from an unreachable host succeeded")
	}
	if strings.Contains(err.Error(), "s3cr3t") || strings.Contains(g.URL(), "s3cr3t") {
		t.Errorf("the token leaked: %v (URL %s)", err, g.URL())
	}
	if g.opts.Token != "s3cr3t-token" {
		t.Error("the URL's password was not kept as the token")
	}
}

// With an hour's poll, only Refresh can make the watch see a new commit.
func TestGitRefreshLooksAtOnce(t *testing.T) {
	repo := sourcetest.NewRepo(t)
	repo.Commit(t, "deploy/environment.yaml", []byte("a"))
	g, err := NewGit(GitOptions{URL: repo.URL, Poll: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	ch := g.Watch(t.Context())
	repo.Commit(t, "deploy/environment.yaml", []byte("b"))
	g.Refresh()
	receive(t, ch, "a notice after Refresh")
}

func TestGitPollSeesANewCommit(t *testing.T) {
	repo := sourcetest.NewRepo(t)
	repo.Commit(t, "deploy/environment.yaml", []byte("a"))
	g, err := NewGit(GitOptions{URL: repo.URL, Poll: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ch := g.Watch(t.Context())
	repo.Commit(t, "deploy/environment.yaml", []byte("b"))
	receive(t, ch, "a notice from the poll")
}

// hangingListener is a git server that accepts and never answers.
func hangingListener(t *testing.T) string {
	return "http://" + testnet.Silent(t) + "/org/repo.git"
}

// A git server that accepts and never answers: Fetch fails once the
// timeout has passed, saying so, and Watch returns after one timeout and
// reports the failed look at the head. The test's own deadline bounds the
// wait.
func TestGitServerThatNeverAnswersIsATimeout(t *testing.T) {
	polls := make(chan error, 10)
	g, err := NewGit(GitOptions{URL: hangingListener(t), Timeout: 50 * time.Millisecond, Poll: time.Hour,
		OnPollError: func(err error) { polls <- err }})
	if err != nil {
		t.Fatal(err)
	}
	fetched := make(chan error, 1)
	go func() { _, err := g.Fetch(t.Context()); fetched <- err }()
	select {
	case err := <-fetched:
		if err == nil || !strings.Contains(err.Error(), "no answer within 50ms") {
			t.Errorf("Fetch from a server that never answers = %v, want a timeout", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Fetch from a server that never answers has not returned")
	}

	watched := make(chan struct{})
	go func() { g.Watch(t.Context()); close(watched) }()
	select {
	case <-watched:
	case <-time.After(10 * time.Second):
		t.Fatal("Watch waits for a server that never answers")
	}
	select {
	case err := <-polls:
		if !strings.Contains(err.Error(), "no answer within") {
			t.Errorf("the watch's first look = %v, want a timeout", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the watch never reported its failed look at the head")
	}
}

// A server that answered, then hangs: the next Fetch is a timeout, not a
// pass held for ever.
func TestGitServerThatStopsAnsweringIsATimeout(t *testing.T) {
	repo := sourcetest.NewRepo(t)
	first := repo.Commit(t, "deploy/environment.yaml", []byte("a"))
	served := repo.ServeHTTP(t)
	g, err := NewGit(GitOptions{URL: served.URL, Timeout: 5 * time.Second, Poll: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if s, err := g.Fetch(t.Context()); err != nil || s.Revision != first {
		t.Fatalf("Fetch over HTTP = %+v, %v; want revision %s", s, err, first)
	}
	served.Hang()
	g, err = NewGit(GitOptions{URL: served.URL, Timeout: 50 * time.Millisecond, Poll: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	fetched := make(chan error, 1)
	go func() { _, err := g.Fetch(t.Context()); fetched <- err }()
	select {
	case err := <-fetched:
		if err == nil || !strings.Contains(err.Error(), "no answer within 50ms") {
			t.Errorf("Fetch once the server hangs = %v, want a timeout", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Fetch once the server hangs has not returned")
	}
}

// watchedRepo is a repository with one commit (a) and a Git source
// watching it, polling only when refreshed; beside the watch's channel it
// returns one told after every look the watch makes, so that a test can
// say "the watch has looked" without waiting for time.
func watchedRepo(t *testing.T) (repo *sourcetest.Repo, g *Git, changes, looked <-chan struct{}) {
	t.Helper()
	repo = sourcetest.NewRepo(t)
	repo.Commit(t, "deploy/environment.yaml", []byte("a"))
	g, err := NewGit(GitOptions{URL: repo.URL, Poll: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	l := make(chan struct{}, 8)
	g.afterLook = func() { l <- struct{}{} }
	return repo, g, g.Watch(t.Context()), l
}

func pending(ch <-chan struct{}) bool {
	select {
	case <-ch:
		return true
	default:
		return false
	}
}

// A push is a webhook's trigger and a Refresh at once. When the trigger's
// pass Fetches the new head before the watch looks, the watch must not
// announce it again: that was a second pass with nothing to do after
// every push.
func TestGitHeadFetchedFirstIsNotAnnouncedAgain(t *testing.T) {
	repo, g, ch, looked := watchedRepo(t)
	repo.Commit(t, "deploy/environment.yaml", []byte("b"))
	if snap, err := g.Fetch(t.Context()); err != nil || string(snap.Data) != "b" {
		t.Fatalf("Fetch = %q, %v; want b", snap.Data, err)
	}
	g.Refresh()
	receive(t, looked, "the watch's look")
	if pending(ch) {
		t.Fatal("the watch announced a head the pass had already read")
	}
}

// The other order: the watch announces the new head first, then the
// trigger's pass Fetches it. The pass is the one the notice asked for, so
// the notice is withdrawn.
func TestGitHeadAnnouncedThenFetchedLeavesNoNotice(t *testing.T) {
	repo, g, ch, looked := watchedRepo(t)
	repo.Commit(t, "deploy/environment.yaml", []byte("b"))
	g.Refresh()
	receive(t, looked, "the watch's look")
	if _, err := g.Fetch(t.Context()); err != nil {
		t.Fatal(err)
	}
	if pending(ch) {
		t.Fatal("a notice of the head the pass read is still pending")
	}
}

// What must never be lost: a head pushed after the one a pass read is
// announced.
func TestGitHeadNewerThanTheFetchedOneIsAnnounced(t *testing.T) {
	repo, g, ch, looked := watchedRepo(t)
	repo.Commit(t, "deploy/environment.yaml", []byte("b"))
	if _, err := g.Fetch(t.Context()); err != nil {
		t.Fatal(err)
	}
	repo.Commit(t, "deploy/environment.yaml", []byte("c"))
	g.Refresh()
	receive(t, looked, "the watch's look")
	if !pending(ch) {
		t.Fatal("a head newer than the one the pass read was not announced")
	}
}
