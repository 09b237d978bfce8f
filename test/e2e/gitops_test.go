package e2e

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/everruns/reconciler/internal/cli"
	"github.com/everruns/reconciler/internal/github/githubtest"
	"github.com/everruns/reconciler/internal/source/sourcetest"
)

const githubToken = "e2e-github-token"

// useGitHub points the command line at a fake GitHub API.
func useGitHub(t *testing.T) *githubtest.Server {
	t.Helper()
	gh := githubtest.New(t, githubToken)
	t.Setenv("GITHUB_API_URL", gh.URL)
	t.Setenv("GITHUB_TOKEN", githubToken)
	return gh
}

// diff -o markdown --github-pr posts the plan as one comment, and edits
// that comment at the next run: never a second.
func TestDiffKeepsOneCommentOnThePullRequest(t *testing.T) {
	f := newFake(t)
	useFake(t, f)
	gh := useGitHub(t)
	const pr = "everruns/infra#12"
	args := []string{"diff", "-f", envFile, "--target", target, "--poll-interval", poll, "-o", "markdown", "--github-pr", pr}

	code, out, errOut := reconciler(t.Context(), args...)
	if code != cli.ExitChanges {
		t.Fatalf("diff on an empty account: exit %d, want 2\n%s\n%s", code, out, errOut)
	}
	if !regexp.MustCompile("^### Environment `production`: \\*\\*\\d+ to create\\*\\*\\.\n").MatchString(out) {
		t.Fatalf("the comment does not start with its verdict:\n%s", out)
	}
	apply(t)
	code, out, errOut = reconciler(t.Context(), append(args, "--base-file", envFile)...)
	if code != cli.ExitOK {
		t.Fatalf("diff after apply: exit %d, want 0\n%s\n%s", code, out, errOut)
	}
	if created, edited := gh.Writes(); created != 1 || edited != 1 {
		t.Fatalf("%d comments created and %d edited, want 1 and 1", created, edited)
	}
	comments := gh.Comments(pr)
	if len(comments) != 1 {
		t.Fatalf("%d comments on the pull request, want 1", len(comments))
	}
	body := comments[0].Body
	for _, want := range []string{"<!-- reconciler:environment=production -->\n", "in sync, nothing to change.",
		"**Monthly cost:** $", "#### The reconciler's own IAM policy\n\nUnchanged.", "#### Changed by this pull request"} {
		if !strings.Contains(body, want) {
			t.Errorf("the comment lacks %q:\n%s", want, body)
		}
	}
}

// slackHook is a fake incoming webhook: it keeps every JSON body.
type slackHook struct {
	mu     sync.Mutex
	bodies []string
}

func (s *slackHook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	if !json.Valid(b) {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.bodies = append(s.bodies, string(b))
	s.mu.Unlock()
}

func (s *slackHook) raw() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.bodies...)
}

// messages are the "text" of Slack-style bodies.
func (s *slackHook) messages() []string {
	var out []string
	for _, b := range s.raw() {
		var m struct {
			Text string `json:"text"`
		}
		_ = json.Unmarshal([]byte(b), &m)
		out = append(out, m.Text)
	}
	return out
}

var passLine = regexp.MustCompile(`(?m)^reconciler_passes_total\{[^}]*\} (\d+)`)

func passCount(t *testing.T, p *daemonProc) int {
	n := 0
	for _, m := range passLine.FindAllStringSubmatch(p.metrics(t), -1) {
		v, _ := strconv.Atoi(m[1])
		n += v
	}
	return n
}

// The daemon, following a git branch, sets the commit's status (pending,
// then success), sends one message when drift is found and one when it
// is repaired however many passes follow, and marks an invalid commit
// error with its FILE:LINE:COL; no status is set twice.
func TestDaemonReportsToGitHubAndToTheChat(t *testing.T) {
	f := newFake(t)
	useFake(t, f)
	gh := useGitHub(t)
	hook := &slackHook{}
	chat := httptest.NewServer(hook)
	defer chat.Close()
	seed, err := os.ReadFile(envFile)
	if err != nil {
		t.Fatal(err)
	}
	repo := sourcetest.NewRepo(t)
	first := repo.Commit(t, "deploy/environment.yaml", seed)
	p := launchDaemon(t, "--git-url", repo.URL, "--git-poll", "10ms", "--interval", "100ms",
		"--github-status", "everruns/infra", "--public-url", "https://reconciler.example/", "--notify-url", chat.URL)

	has := func(sha, state string) bool {
		for _, s := range gh.Statuses() {
			if s.SHA == sha && s.State == state {
				return true
			}
		}
		return false
	}
	eventually(t, "success on the first commit", func() bool { return has(first, "success") })

	driftTwoWays(t, f)
	eventually(t, "the drift's repair to be told", func() bool { return len(hook.messages()) >= 4 })
	after := passCount(t, p)
	eventually(t, "five more passes", func() bool { return passCount(t, p) >= after+5 })

	bad := repo.Commit(t, "deploy/environment.yaml", []byte(strings.Replace(string(seed), "project: everruns\n", "project: everruns\nbogus: 1\n", 1)))
	eventually(t, "error on the invalid commit", func() bool { return has(bad, "error") })
	eventually(t, "the invalid commit's incident", func() bool { return len(hook.messages()) >= 5 })
	if code := p.stop(); code != cli.ExitOK {
		t.Errorf("run exit %d", code)
	}

	statuses := gh.Statuses()
	var seq []string
	seen := map[string]bool{}
	for _, s := range statuses {
		line := s.SHA[:7] + " " + s.State
		seq = append(seq, line+": "+s.Description)
		if seen[s.SHA+s.State+s.Description] {
			t.Errorf("status set twice: %s %s", line, s.Description)
		}
		seen[s.SHA+s.State+s.Description] = true
		if s.Context != "reconciler/production" || s.TargetURL != "https://reconciler.example/drift" {
			t.Errorf("status %+v: want context reconciler/production and target /drift", s)
		}
	}
	t.Logf("statuses:\n%s", strings.Join(seq, "\n"))
	if len(statuses) < 3 || statuses[0].SHA != first || statuses[0].State != "pending" || statuses[1].State != "success" {
		t.Errorf("want pending then success on %s first:\n%s", first, strings.Join(seq, "\n"))
	}
	last := statuses[len(statuses)-1]
	if last.SHA != bad || !regexp.MustCompile(`^invalid: deploy/environment\.yaml:\d+:\d+: `).MatchString(last.Description) {
		t.Errorf("the invalid commit's status %+v, want error with FILE:LINE:COL", last)
	}

	msgs := hook.messages()
	t.Logf("messages:\n%s", strings.Join(msgs, "\n"))
	var opened, resolved, invalid int
	for _, m := range msgs {
		switch {
		case strings.HasPrefix(m, "Incident: network.") && strings.Contains(m, "the daemon repairs it"):
			opened++
		case strings.HasPrefix(m, "Resolved: network."):
			resolved++
		case strings.HasPrefix(m, "Incident: revision "+bad[:12]+" of the environment file is invalid"):
			invalid++
		default:
			t.Errorf("unexpected message %q", m)
		}
	}
	// Two resources drifted: the VPC and the load balancer's group.
	if opened != 2 || resolved != 2 || invalid != 1 {
		t.Errorf("%d opened, %d resolved, %d invalid; want 2, 2 and 1", opened, resolved, invalid)
	}
}

// A commit whose rollout fails gets failure with the stopped reason, and
// the chat one message; the next commit, rolled out, gets success and the
// chat "resolved".
func TestDaemonReportsAFailedRollout(t *testing.T) {
	w := newECSWorld(t)
	useFake(t, w.f)
	gh := useGitHub(t)
	hook := &slackHook{}
	chat := httptest.NewServer(hook)
	defer chat.Close()
	file := func(tag string) []byte {
		b, err := os.ReadFile(ecsPath(t, tag, "1"))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	repo := sourcetest.NewRepo(t)
	first := repo.Commit(t, "deploy/environment.yaml", file("v1"))
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stderr lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- cli.Main(ctx, []string{"run", "--git-url", repo.URL, "--git-poll", "10ms", "--target", "service", "--target", "task",
			"--poll-interval", poll, "--interval", "100ms", "--listen", "127.0.0.1:0", "--log-format", "json",
			"--github-status", "everruns/infra", "--notify-url", chat.URL, "--notify-format", "json"},
			cli.IO{Stdout: &lockedBuffer{}, Stderr: &stderr})
	}()
	listenAddr(t, &stderr, done)
	state := func(sha string) githubtest.Status {
		var last githubtest.Status
		for _, s := range gh.Statuses() {
			if s.SHA == sha {
				last = s
			}
		}
		return last
	}
	eventually(t, "success on the first commit", func() bool { return state(first).State == "success" })

	w.fakeECS.FailImage("example/api:v2")
	failing := repo.Commit(t, "deploy/environment.yaml", file("v2"))
	eventually(t, "failure on the failing commit", func() bool { return state(failing).State == "failure" })
	if d := state(failing).Description; !strings.Contains(d, "everruns-api") || !strings.Contains(d, "example/api:v2") {
		t.Errorf("failure status %q does not name the service and image", d)
	}
	eventually(t, "the rollout's incident", func() bool { return len(hook.raw()) >= 1 })

	fixed := repo.Commit(t, "deploy/environment.yaml", file("v3"))
	eventually(t, "success on the fixed commit", func() bool { return state(fixed).State == "success" })
	eventually(t, "the rollout's resolution", func() bool { return len(hook.raw()) >= 2 })
	cancel()
	<-done
	seen := map[githubtest.Status]bool{}
	for _, s := range gh.Statuses() {
		t.Logf("status %s %s: %s", s.SHA[:7], s.State, s.Description)
		if seen[s] {
			t.Errorf("status set twice: %+v", s)
		}
		seen[s] = true
	}

	type event struct {
		Event    string `json:"event"`
		Incident struct {
			Kind    string   `json:"kind"`
			Details []string `json:"details"`
			Commit  string   `json:"commit"`
		} `json:"incident"`
	}
	var events []event
	var seq []string
	for _, m := range hook.raw() {
		var e event
		if err := json.Unmarshal([]byte(m), &e); err != nil {
			t.Fatalf("a notification is not JSON: %v\n%s", err, m)
		}
		events = append(events, e)
		seq = append(seq, e.Event+" "+e.Incident.Kind)
	}
	if got := strings.Join(seq, ", "); got != "opened rollout_failed, resolved rollout_failed" {
		t.Fatalf("notifications: %s\n%s", got, strings.Join(hook.raw(), "\n"))
	}
	if d := strings.Join(events[0].Incident.Details, "\n"); !strings.Contains(d, "exit code 1") || !strings.Contains(d, "stream api/api/") {
		t.Errorf("the opening lacks the stopped reason and the log stream: %s", d)
	}
	if events[0].Incident.Commit != failing {
		t.Errorf("the incident is about commit %s, want %s", events[0].Incident.Commit, failing)
	}
}

// The pull-request flags are checked before any AWS call.
func TestDiffRefusesPullRequestFlagsItCannotUse(t *testing.T) {
	f := newFake(t)
	useFake(t, f)
	useGitHub(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--github-pr", "everruns/infra#1"}, "need -o markdown"},
		{[]string{"-o", "markdown", "--github-pr", "everruns/infra"}, "is not OWNER/REPO#NUMBER"},
		{[]string{"-o", "markdown", "--github-pr", "everruns/infra#1", "--github-token-file", "/nonexistent/token"}, "read the GitHub token"},
	} {
		f.srv.ResetCalls()
		code, _, errOut := reconciler(t.Context(), append([]string{"diff", "-f", envFile}, c.args...)...)
		if code != cli.ExitError || !strings.Contains(errOut, c.want) {
			t.Errorf("diff %v: exit %d, stderr %q; want 1 and %q", c.args, code, errOut, c.want)
		}
		if calls := f.srv.Calls(); len(calls) != 0 {
			t.Errorf("diff %v called AWS: %v", c.args, calls)
		}
	}
}

// A status is about a commit: a local file has none.
func TestRunRefusesGitHubStatusWithoutGit(t *testing.T) {
	code, _, errOut := reconciler(t.Context(), "run", "-f", envFile, "--github-status", "everruns/infra")
	if code != cli.ExitError || !strings.Contains(errOut, "--github-status needs --git-url") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}
