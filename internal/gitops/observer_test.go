package gitops

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/everruns/reconciler/internal/daemon"
	"github.com/everruns/reconciler/internal/github"
	"github.com/everruns/reconciler/internal/github/githubtest"
	"github.com/everruns/reconciler/internal/notify"
	"github.com/everruns/reconciler/internal/pass"
	"github.com/everruns/reconciler/internal/retryhttp"
	"github.com/everruns/reconciler/internal/source"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
)

// fakeSlack is an incoming webhook that keeps what it is sent.
type fakeSlack struct {
	mu       sync.Mutex
	messages []map[string]any
	fail     int // answer 500 to this many requests first
}

func (s *fakeSlack) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail > 0 {
		s.fail--
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	s.messages = append(s.messages, m)
	_, _ = w.Write([]byte("ok"))
}

func (s *fakeSlack) texts() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, m := range s.messages {
		out = append(out, m["text"].(string))
	}
	return out
}

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

var noWait = &retryhttp.Transport{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }}

func run(t *testing.T, f func(ctx context.Context)) {
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); f(ctx) }()
	t.Cleanup(func() { cancel(); wg.Wait() })
}

var t0 = time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)

func result(minute int, mode pass.Mode, found, final drift.Report) daemon.PassResult {
	end := t0.Add(time.Duration(minute) * time.Minute)
	return daemon.PassResult{Start: end.Add(-time.Second), End: end, Outcome: pass.Outcome{Observed: true, Mode: mode,
		Report: final, Found: found, Revision: "a1", Source: pass.SourceStatus{Valid: true, Revision: "a1"}}}
}

func inSync() drift.Report {
	return drift.Report{Environment: "production", Changes: []drift.Change{{Address: "network.vpc.main", Kind: "ec2.vpc", Action: drift.ActionNone}}}
}

func driftedReport() drift.Report {
	r := inSync()
	r.Changes = append(r.Changes, drift.Change{Address: "network.subnet.a", Kind: "ec2.subnet", Action: drift.ActionUpdate,
		Fields: []drift.FieldChange{{Path: "tags.Name", Desired: "a", Live: "renamed-by-hand"}}})
	return r
}

// Across five passes (in sync; drift seen by an observe-only pass; seen
// again; a pass that fails; an apply that repairs it) the fake Slack gets
// one message for the drift and one "resolved", and a failing webhook is
// retried and counted.
func TestADriftIsOneMessageAndItsRepairOneResolved(t *testing.T) {
	slack := &fakeSlack{fail: 1}
	srv := httptest.NewServer(slack)
	defer srv.Close()
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	sender := notify.NewSender(notify.SenderConfig{URLs: []string{srv.URL}, Format: notify.FormatSlack,
		Link: "https://reconciler.example/drift", OnFailure: m.NotifyFailure, Retry: noWait})
	run(t, sender.Run)
	obs := &Observer{Tracker: notify.NewTracker(5 * time.Minute), Sender: sender}

	failed := daemon.PassResult{End: t0.Add(4 * time.Minute), Err: errors.New("throttled"), FailingSince: t0.Add(4 * time.Minute),
		Outcome: pass.Outcome{Revision: "a1", Source: pass.SourceStatus{Valid: true, Revision: "a1"}}}
	passes := []daemon.PassResult{
		result(1, pass.Act, inSync(), inSync()),
		result(2, pass.Observe, drift.Report{}, driftedReport()),
		result(3, pass.Observe, drift.Report{}, driftedReport()),
		failed,
		result(5, pass.Act, driftedReport(), inSync()),
	}
	for _, p := range passes {
		obs.PassDone(t.Context(), p)
	}
	waitFor(t, "two messages", func() bool { return len(slack.texts()) >= 2 })
	// A sixth, quiet pass flushes anything else that would have been sent.
	obs.PassDone(t.Context(), result(6, pass.Act, inSync(), inSync()))
	obs.PassDone(t.Context(), daemon.PassResult{End: t0.Add(7 * time.Minute), Outcome: pass.Outcome{Observed: true,
		Source: pass.SourceStatus{Revision: "b2", Errors: []string{"deploy/environment.yaml:1:1: marker"}}}})
	waitFor(t, "the marker message", func() bool { return len(slack.texts()) >= 3 })
	texts := slack.texts()
	if len(texts) != 3 {
		t.Fatalf("messages: %q", texts)
	}
	if !strings.HasPrefix(texts[0], "Incident: network.subnet.a differs from the file") ||
		!strings.HasPrefix(texts[1], "Resolved: network.subnet.a") {
		t.Fatalf("messages: %q", texts)
	}
	block := slack.messages[0]["blocks"].([]any)[0].(map[string]any)["text"].(map[string]any)["text"].(string)
	for _, want := range []string{"since 2026-12-06T12:02:00Z", "commit `a1`", "not repaired by this replica", "renamed-by-hand", "<https://reconciler.example/drift|details>"} {
		if !strings.Contains(block, want) {
			t.Errorf("the opening lacks %q:\n%s", want, block)
		}
	}
	if n := testutil.ToFloat64(m.NotifyErrors.WithLabelValues("server_error")); n != 1 {
		t.Errorf("reconciler_notify_errors_total{reason=server_error} = %v, want 1", n)
	}
}

// Only the lease holder notifies.
func TestAReplicaWithoutTheLeaseSendsNothing(t *testing.T) {
	slack := &fakeSlack{}
	srv := httptest.NewServer(slack)
	defer srv.Close()
	sender := notify.NewSender(notify.SenderConfig{URLs: []string{srv.URL}, Format: notify.FormatJSON, Retry: noWait})
	obs := &Observer{Tracker: notify.NewTracker(time.Minute), Sender: sender, Leader: func() bool { return false }}
	obs.PassDone(t.Context(), result(1, pass.Observe, drift.Report{}, driftedReport()))
	if n := sender.Pending(); n != 0 {
		t.Fatalf("%d notifications queued by a replica without the lease", n)
	}
}

// fakeSource serves revisions in turn.
type fakeSource struct {
	snaps []source.Snapshot
	i     int
}

func (s *fakeSource) Fetch(context.Context) (source.Snapshot, error) {
	snap := s.snaps[min(s.i, len(s.snaps)-1)]
	s.i++
	return snap, nil
}
func (s *fakeSource) Watch(context.Context) <-chan struct{} { return nil }

// The statuses of a commit's life against a fake GitHub: pending when a
// pass starts on it, success once the environment matches; failure with
// the stopped reason after a failed rollout; error, with FILE:LINE:COL,
// for an invalid commit; and nothing repeated, however many passes.
func TestCommitStatusesFollowThePasses(t *testing.T) {
	fake := githubtest.New(t, "tok")
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	client, err := github.NewClient(github.Options{APIURL: fake.URL, Token: "tok", OnFailure: m.GitHubFailure, Retry: noWait})
	if err != nil {
		t.Fatal(err)
	}
	poster := github.NewPoster(github.PosterConfig{Client: client, Repo: github.Repo{Owner: "acme", Name: "infra"},
		Context: "reconciler/default", TargetURL: "https://reconciler.example/drift", OnDrop: m.GitHubFailure})
	fake.FailNext(http.StatusTooManyRequests, map[string]string{"Retry-After": "1"}) // retried, counted, never seen by a pass
	run(t, poster.Run)
	obs := &Observer{Statuses: poster}
	valid, err := os.ReadFile("../../test/testdata/valid-minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	validFile := string(valid)
	src := obs.Source(&fakeSource{snaps: []source.Snapshot{
		{Name: "deploy/environment.yaml", Data: []byte(validFile), Revision: "aaa"},
		{Name: "deploy/environment.yaml", Data: []byte(validFile), Revision: "aaa"},
		{Name: "deploy/environment.yaml", Data: []byte(validFile + "# v2\n"), Revision: "bbb"},
		{Name: "deploy/environment.yaml", Data: []byte("environment: [\n"), Revision: "ccc"},
	}})
	failure := "rollout of service api failed and ECS rolled back to api:6: revision api:7 (image repo/api:v2): Essential container in task exited"
	rollout := inSync()
	rollout.Changes = append(rollout.Changes, drift.Change{Address: "cluster.service.api", Kind: "ecs.service", Action: drift.ActionNone, Notes: []string{failure}})
	passes := []struct {
		rev string
		res daemon.PassResult
	}{
		{"aaa", result(1, pass.Act, driftedReport(), inSync())},
		{"aaa", result(2, pass.Act, inSync(), inSync())},
		{"bbb", withErr(result(3, pass.Act, inSync(), rollout), "not converged: "+failure)},
		{"ccc", result(4, pass.Act, inSync(), rollout)},
		{"ccc", result(5, pass.Act, inSync(), rollout)},
	}
	for _, p := range passes {
		snap, _ := src.Fetch(t.Context())
		p.res.Outcome.Revision = p.rev
		p.res.Outcome.Source = pass.SourceStatus{Valid: true, Revision: snap.Revision}
		if snap.Revision == "ccc" {
			p.res.Outcome.Revision = "bbb" // the last good revision is still acted on
			p.res.Outcome.Source = pass.SourceStatus{Revision: "ccc", Errors: []string{"deploy/environment.yaml:1:14: did not find expected node content"}}
		}
		obs.PassDone(t.Context(), p.res)
	}
	want := []string{
		"aaa:pending:applying this commit",
		"aaa:success:the environment matches this commit",
		"bbb:pending:applying this commit",
		"bbb:failure:api repo/api:v2 failed: Essential container in task exited",
		"ccc:error:invalid: deploy/environment.yaml:1:14: did not find expected node content",
	}
	waitFor(t, "the statuses", func() bool { return len(fake.Statuses()) >= len(want) })
	// One more pass on ccc, and a marker commit, to flush any repeat.
	obs.PassDone(t.Context(), result(6, pass.Act, inSync(), inSync()))
	waitFor(t, "the marker", func() bool { return len(fake.Statuses()) >= len(want)+1 })
	var got []string
	for _, s := range fake.Statuses() {
		got = append(got, s.SHA+":"+s.State+":"+s.Description)
		if s.Context != "reconciler/production" || s.TargetURL != "https://reconciler.example/drift" {
			t.Errorf("status %+v: want the context reconciler/<environment> and the target /drift", s)
		}
	}
	want = append(want, "a1:success:the environment matches this commit")
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("statuses:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := testutil.ToFloat64(m.GitHubErrors.WithLabelValues("rate_limited")); n != 1 {
		t.Errorf("reconciler_github_errors_total{reason=rate_limited} = %v, want 1", n)
	}

	// A restarted daemon on commit aaa sets nothing: aaa shows success
	// already, and pending is only for a commit that shows nothing.
	restarted := github.NewPoster(github.PosterConfig{Client: client, Repo: github.Repo{Owner: "acme", Name: "infra"},
		Context: "reconciler/default", TargetURL: "https://reconciler.example/drift", OnDrop: m.GitHubFailure})
	run(t, restarted.Run)
	obs = &Observer{Statuses: restarted}
	src = obs.Source(&fakeSource{snaps: []source.Snapshot{{Name: "deploy/environment.yaml", Data: valid, Revision: "aaa"}}})
	for i := range 3 {
		if _, err := src.Fetch(t.Context()); err != nil {
			t.Fatal(err)
		}
		r := result(10+i, pass.Act, inSync(), inSync())
		r.Outcome.Revision, r.Outcome.Source.Revision = "aaa", "aaa"
		obs.PassDone(t.Context(), r)
	}
	obs.PassDone(t.Context(), result(20, pass.Act, inSync(), driftedReport())) // a marker: a1 goes pending
	waitFor(t, "the restarted daemon's marker", func() bool { return len(fake.Statuses()) >= len(want)+1 })
	if n := len(fake.Statuses()); n != len(want)+1 {
		t.Fatalf("the restarted daemon set %d statuses, want only its marker: %v", n-len(want), fake.Statuses()[len(want):])
	}
}

func withErr(r daemon.PassResult, msg string) daemon.PassResult {
	r.Err = errors.New(msg)
	return r
}

// With no holder, each replica says so (and nothing else) on its own.
func TestTheLeaseLostIsToldByAReplicaWithoutIt(t *testing.T) {
	slack := &fakeSlack{}
	srv := httptest.NewServer(slack)
	defer srv.Close()
	sender := notify.NewSender(notify.SenderConfig{URLs: []string{srv.URL}, Format: notify.FormatSlack, Retry: noWait})
	lost := true
	obs := &Observer{Tracker: notify.NewTracker(time.Hour), Sender: sender,
		Leader: func() bool { return false }, LeaseLost: func() bool { return lost }}
	obs.PassDone(t.Context(), result(1, pass.Observe, drift.Report{}, driftedReport()))
	obs.PassDone(t.Context(), result(2, pass.Observe, drift.Report{}, driftedReport()))
	lost = false
	obs.PassDone(t.Context(), result(3, pass.Observe, drift.Report{}, driftedReport()))
	if n := sender.Pending(); n != 2 {
		t.Fatalf("%d notifications queued, want the lease's opening and resolution only", n)
	}
	run(t, sender.Run)
	waitFor(t, "two messages", func() bool { return len(slack.texts()) >= 2 })
	texts := slack.texts()
	if len(texts) != 2 || !strings.HasPrefix(texts[0], "Incident: the lease is lost and no replica holds it") ||
		!strings.HasPrefix(texts[1], "Resolved: the lease is lost") {
		t.Fatalf("messages %q", texts)
	}
}

// A pass the file holds back (suspended, or inside a freeze window) sets
// pending saying why, in sync or not; a freeze the commit overrides does
// not hold the pass back.
func TestASuspendedOrFrozenPassIsPendingAndSaysWhy(t *testing.T) {
	until := t0.Add(time.Hour)
	for _, tc := range []struct {
		restraint desired.Restraint
		report    drift.Report
		want      string
	}{
		{desired.Restraint{Suspended: true}, driftedReport(), "pending:suspended by the file"},
		{desired.Restraint{Suspended: true}, inSync(), "pending:suspended by the file"},
		{desired.Restraint{Frozen: true, Window: "black-friday", Until: until}, driftedReport(), "pending:freeze window black-friday open"},
		{desired.Restraint{Frozen: true, Window: "black-friday", Until: until, Overridden: true}, inSync(), "success:the environment matches this commit"},
	} {
		res := result(1, pass.Observe, tc.report, tc.report)
		res.Outcome.Restraint = tc.restraint
		got := Statuses(res)
		if len(got) != 1 || !strings.HasPrefix(string(got[0].State)+":"+got[0].Description, tc.want) {
			t.Errorf("%+v: statuses %+v, want one starting %q", tc.restraint, got, tc.want)
		}
	}
}
