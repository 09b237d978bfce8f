package e2e

import (
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

// slackHook is a fake incoming webhook.
type slackHook struct {
	mu    sync.Mutex
	texts []string
}

func (s *slackHook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var m struct {
		Text string `json:"text"`
	}
	b, _ := io.ReadAll(r.Body)
	if json.Unmarshal(b, &m) != nil || m.Text == "" {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.texts = append(s.texts, m.Text)
	s.mu.Unlock()
}

func (s *slackHook) messages() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.texts...)
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
