package e2e

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/everruns/reconciler/internal/source/sourcetest"
	"github.com/everruns/reconciler/internal/webhook"
)

var webhookSecret = []byte("a webhook secret for the tests")

// The done-when: a daemon that follows a git branch converges the
// network tier; a commit pushed to the branch is applied as soon as a
// signed push webhook arrives, without waiting for --git-poll (an hour);
// an unsigned or wrongly signed webhook is refused with 401 and sets
// nothing off.
func TestAPushWebhookAppliesACommitWithoutWaitingForThePoll(t *testing.T) {
	f := newFake(t)
	useFake(t, f)
	seed, err := os.ReadFile(envFile)
	if err != nil {
		t.Fatal(err)
	}
	repo := sourcetest.NewRepo(t)
	first := repo.Commit(t, "deploy/environment.yaml", seed)
	secretFile := filepath.Join(t.TempDir(), "webhook-secret")
	if err := os.WriteFile(secretFile, append(webhookSecret, '\n'), 0o600); err != nil {
		t.Fatal(err)
	}
	d := launchDaemon(t, "--git-url", repo.URL, "--git-poll", "1h", "--webhook-secret-file", secretFile)
	eventually(t, "the first commit to converge", func() bool { return d.has(t, `reconciler_passes_total{result="success"} 1`) })
	if r := readDrift(t, d.base); r.Revision != first || !r.InSync {
		t.Fatalf("/drift after the first pass = %+v, want in sync at %s", r, first)
	}

	tagged := strings.Replace(string(seed), "project: everruns\n", "project: everruns\ntags:\n  Team: platform\n", 1)
	second := repo.Commit(t, "deploy/environment.yaml", []byte(tagged))
	body := pushPayload(second)
	for name, sig := range map[string]string{"unsigned": "", "wrongly signed": webhook.Sign([]byte("not the secret"), body)} {
		if code := deliver(t, d.base, "push", sig, body); code != http.StatusUnauthorized {
			t.Errorf("%s push webhook: %d, want 401", name, code)
		}
	}
	// The counter is written before the answer: had a refused delivery
	// set a pass off, it would say triggered.
	m := d.metrics(t)
	if !strings.Contains(m, `reconciler_webhook_deliveries_total{event="unknown",result="unauthorized"} 2`) ||
		strings.Contains(m, `result="triggered"`) || strings.Contains(m, `reconciler_passes_total{result="success"} 2`) {
		t.Errorf("after two refused deliveries /metrics says:\n%s", grepLines(m, "reconciler_webhook", "reconciler_passes_total"))
	}
	if r := readDrift(t, d.base); r.Source.Revision != first || vpcTag(t, f, "Team") != "" {
		t.Errorf("a refused delivery set something off: source revision %s, Team tag %q", r.Source.Revision, vpcTag(t, f, "Team"))
	}

	if code := deliver(t, d.base, "push", webhook.Sign(webhookSecret, body), body); code != http.StatusAccepted {
		t.Fatalf("signed push webhook: %d, want 202", code)
	}
	eventually(t, "the pushed commit's tag on the VPC", func() bool { return vpcTag(t, f, "Team") == "platform" })
	eventually(t, "/drift at the pushed commit", func() bool { return readDrift(t, d.base).Revision == second })
	if !d.has(t, `reconciler_webhook_deliveries_total{event="push",result="triggered"} 1`) {
		t.Error("/metrics does not count the triggered delivery")
	}
}

// pushPayload is a push of after to refs/heads/main, as GitHub sends it.
func pushPayload(after string) []byte {
	return []byte(`{"ref":"refs/heads/main","before":"` + strings.Repeat("0", 40) + `","after":"` + after +
		`","deleted":false,"repository":{"full_name":"everruns/infra"}}`)
}

// deliver posts a webhook delivery; sig "" sends none.
func deliver(t *testing.T, base, event, sig string, body []byte) int {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, base+webhook.Path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-GitHub-Event", event)
	req.Header.Set("X-GitHub-Delivery", "delivery-"+sig)
	if sig != "" {
		req.Header.Set("X-Hub-Signature-256", sig)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", webhook.Path, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// grepLines keeps the lines of s that contain one of subs.
func grepLines(s string, subs ...string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		for _, sub := range subs {
			if strings.Contains(l, sub) {
				out = append(out, l)
				break
			}
		}
	}
	return strings.Join(out, "\n")
}

// A push webhook that reaches the replica without the lease is handed to
// the holder through the lease record (Nudge): the holder applies the
// commit, within a renewal period, with no poll.
func TestAPushToTheReplicaWithoutTheLeaseReachesTheHolder(t *testing.T) {
	f := newFake(t)
	useFake(t, f)
	seed, err := os.ReadFile(envFile)
	if err != nil {
		t.Fatal(err)
	}
	repo := sourcetest.NewRepo(t)
	repo.Commit(t, "deploy/environment.yaml", seed)
	secretFile := filepath.Join(t.TempDir(), "webhook-secret")
	if err := os.WriteFile(secretFile, webhookSecret, 0o600); err != nil {
		t.Fatal(err)
	}
	args := append([]string{"--git-url", repo.URL, "--git-poll", "1h", "--webhook-secret-file", secretFile}, leaseArgs...)
	holder := launchDaemon(t, args...)
	eventually(t, "the first daemon to hold the lease and converge", func() bool {
		return holder.leader(t) && metricAtLeast(holder.metrics(t), `reconciler_passes_total{result="success"}`, 1)
	})
	other := launchDaemon(t, args...)
	eventually(t, "the second daemon to be ready", func() bool { return other.ready(t) })

	tagged := strings.Replace(string(seed), "project: everruns\n", "project: everruns\ntags:\n  Team: platform\n", 1)
	body := pushPayload(repo.Commit(t, "deploy/environment.yaml", []byte(tagged)))
	if code := deliver(t, other.base, "push", webhook.Sign(webhookSecret, body), body); code != http.StatusAccepted {
		t.Fatalf("signed push webhook to the replica without the lease: %d, want 202", code)
	}
	eventually(t, "the pushed commit's tag on the VPC", func() bool { return vpcTag(t, f, "Team") == "platform" })
	if !strings.Contains(holder.stderr.String(), `"reason":"nudge"`) {
		t.Error("the holder's log shows no pass started by a nudge")
	}
	if other.leader(t) {
		t.Error("the replica that received the webhook holds the lease")
	}
}
