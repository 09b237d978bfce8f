package github

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/everruns/reconciler/internal/github/githubtest"
	"github.com/everruns/reconciler/internal/retryhttp"
)

const token = "test-token"

func newClient(t *testing.T, fake *githubtest.Server, failures *atomic.Int64) *Options {
	t.Helper()
	return &Options{APIURL: fake.URL, Token: token,
		OnFailure: func(string) { failures.Add(1) },
		Retry:     &retryhttp.Transport{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }}}
}

// The report lands as one comment, found again by its marker among many
// (past the first page) and edited; another environment's comment on the
// same pull request is left alone.
func TestUpsertCommentCreatesOnceThenEdits(t *testing.T) {
	fake := githubtest.New(t, token)
	pr := PR{Repo{"acme", "infra"}, 7}
	for i := range 150 {
		fake.AddComment(pr.String(), "a person's comment "+string(rune('a'+i%26)))
	}
	otherEnv := fake.AddComment(pr.String(), Marker("staging")+"\nstaging's plan")
	var failures atomic.Int64
	c, err := NewClient(*newClient(t, fake, &failures))
	if err != nil {
		t.Fatal(err)
	}
	first, err := UpsertComment(t.Context(), c, pr, "production", "plan one")
	if err != nil {
		t.Fatal(err)
	}
	second, err := UpsertComment(t.Context(), c, pr, "production", "plan two")
	if err != nil {
		t.Fatal(err)
	}
	if !first.Created || second.Created || first.ID != second.ID {
		t.Fatalf("first %+v, second %+v: want one comment created, then the same edited", first, second)
	}
	created, edited := fake.Writes()
	if created != 1 || edited != 1 {
		t.Fatalf("created %d, edited %d; want 1 and 1", created, edited)
	}
	var ours int
	for _, cm := range fake.Comments(pr.String()) {
		if strings.Contains(cm.Body, Marker("production")) {
			ours++
			if !strings.HasSuffix(cm.Body, "\nplan two") {
				t.Errorf("comment body %q, want the second plan", cm.Body)
			}
		}
		if cm.ID == otherEnv && cm.Body != Marker("staging")+"\nstaging's plan" {
			t.Errorf("staging's comment was changed: %q", cm.Body)
		}
	}
	if ours != 1 {
		t.Fatalf("%d comments carry production's marker, want 1", ours)
	}
}

func TestUpsertCommentRetriesARateLimit(t *testing.T) {
	fake := githubtest.New(t, token)
	fake.FailNext(403, map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1"})
	fake.FailNext(502, nil)
	var failures atomic.Int64
	c, err := NewClient(*newClient(t, fake, &failures))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := UpsertComment(t.Context(), c, PR{Repo{"acme", "infra"}, 1}, "production", "plan"); err != nil {
		t.Fatal(err)
	}
	if n := len(fake.Comments("acme/infra#1")); n != 1 {
		t.Fatalf("%d comments, want 1", n)
	}
	if failures.Load() != 2 {
		t.Errorf("failures counted %d, want 2", failures.Load())
	}
}

func TestParsePR(t *testing.T) {
	pr, err := ParsePR("acme/infra.git#42")
	if err != nil || pr.Owner != "acme" || pr.Name != "infra.git" || pr.Number != 42 {
		t.Fatalf("ParsePR = %+v, %v", pr, err)
	}
	for _, bad := range []string{"acme/infra", "acme#1", "acme/infra#0", "acme/infra#x", "/infra#1"} {
		if _, err := ParsePR(bad); err == nil {
			t.Errorf("ParsePR(%q) accepted", bad)
		}
	}
}

// poster runs a poster against fake until the test ends.
func poster(t *testing.T, fake *githubtest.Server, leader func() bool, drops *atomic.Int64) *Poster {
	t.Helper()
	var failures atomic.Int64
	c, err := NewClient(*newClient(t, fake, &failures))
	if err != nil {
		t.Fatal(err)
	}
	p := NewPoster(PosterConfig{Client: c, Repo: Repo{"acme", "infra"}, Context: "reconciler/production",
		TargetURL: "https://reconciler.example/drift", Leader: leader, OnDrop: func(string) { drops.Add(1) }})
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); p.Run(ctx) }()
	t.Cleanup(func() { cancel(); wg.Wait() })
	return p
}

// waitFor polls cond until it holds, or fails the test after a deadline.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func states(ss []githubtest.Status) string {
	var out []string
	for _, s := range ss {
		out = append(out, s.SHA+":"+s.State+":"+s.Description)
	}
	return strings.Join(out, " | ")
}

// A status is set once per change however often it is asked for, and a
// new poster (a restarted daemon) reads what the commit shows instead of
// setting it again.
func TestPosterSetsAStatusOnlyWhenItChanges(t *testing.T) {
	fake := githubtest.New(t, token)
	var drops atomic.Int64
	p := poster(t, fake, nil, &drops)
	for range 3 {
		p.Set(Status{SHA: "abc", State: StatePending, Description: "applying"})
	}
	waitFor(t, "pending", func() bool { return len(fake.Statuses()) == 1 })
	for range 3 {
		p.Set(Status{SHA: "abc", State: StateSuccess, Description: "in sync"})
	}
	p.Set(Status{SHA: "def", State: StateFailure, Description: strings.Repeat("x", 300)})
	waitFor(t, "success and failure", func() bool { return len(fake.Statuses()) == 3 })

	restarted := poster(t, fake, nil, &drops)
	restarted.Set(Status{SHA: "abc", State: StateSuccess, Description: "in sync"})
	restarted.Set(Status{SHA: "def", State: StateFailure, Description: strings.Repeat("x", 300)})
	restarted.Set(Status{SHA: "ghi", State: StateSuccess, Description: "in sync"}) // a marker that it has worked through the queue
	waitFor(t, "ghi", func() bool { return len(fake.Statuses()) == 4 })

	got := fake.Statuses()
	want := "abc:pending:applying | abc:success:in sync | def:failure:" + strings.Repeat("x", 139) + "… | ghi:success:in sync"
	if states(got) != want {
		t.Fatalf("statuses:\n%s\nwant:\n%s", states(got), want)
	}
	for _, s := range got {
		if s.Context != "reconciler/production" || s.TargetURL != "https://reconciler.example/drift" {
			t.Errorf("status %+v: wrong context or target", s)
		}
	}
	if drops.Load() != 0 {
		t.Errorf("%d dropped", drops.Load())
	}
}

// A replica that does not hold the lease posts nothing; once it holds it,
// the next ask is posted.
func TestPosterPostsOnlyAsTheLeader(t *testing.T) {
	fake := githubtest.New(t, token)
	var leader atomic.Bool
	var drops atomic.Int64
	p := poster(t, fake, leader.Load, &drops)
	p.Set(Status{SHA: "abc", State: StateSuccess, Description: "in sync"})
	p.Set(Status{SHA: "zzz", State: StateSuccess, Description: "in sync"})
	// Both handled, not only taken off the queue: a status being posted
	// still checks for the lease, and must see it not held.
	waitFor(t, "the non-leader's statuses to be let go", func() bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		return len(p.queue) == 0 && len(p.asked) == 0
	})
	leader.Store(true)
	p.Set(Status{SHA: "abc", State: StateSuccess, Description: "in sync"})
	waitFor(t, "the leader's status", func() bool { return len(fake.Statuses()) == 1 })
	if got := states(fake.Statuses()); got != "abc:success:in sync" {
		t.Fatalf("statuses %s", got)
	}
}

// GitHub failing (every attempt a 5xx) never blocks Set, and the status is
// asked again at the next pass.
func TestPosterSurvivesGitHubFailing(t *testing.T) {
	fake := githubtest.New(t, token)
	for range 4 {
		fake.FailNext(500, nil)
	}
	var drops atomic.Int64
	p := poster(t, fake, nil, &drops)
	p.Set(Status{SHA: "abc", State: StateSuccess, Description: "in sync"})
	waitFor(t, "the failure to be counted", func() bool { return drops.Load() == 1 })
	p.Set(Status{SHA: "abc", State: StateSuccess, Description: "in sync"})
	waitFor(t, "the status", func() bool { return len(fake.Statuses()) == 1 })
}

// GitHub Enterprise Server serves the API under /api/v3: GITHUB_API_URL
// names it, and every path is under it.
func TestAnAPIUnderAPath(t *testing.T) {
	fake := githubtest.New(t, token)
	ghe := httptest.NewServer(http.StripPrefix("/api/v3", fake.Config.Handler))
	defer ghe.Close()
	var failures atomic.Int64
	opts := newClient(t, fake, &failures)
	opts.APIURL = ghe.URL + "/api/v3"
	c, err := NewClient(*opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := UpsertComment(t.Context(), c, PR{Repo{"acme", "infra"}, 3}, "production", "plan"); err != nil {
		t.Fatal(err)
	}
	if n := len(fake.Comments("acme/infra#3")); n != 1 {
		t.Fatalf("%d comments, want 1", n)
	}
}
