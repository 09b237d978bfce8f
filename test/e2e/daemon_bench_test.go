package e2e

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/internal/source/sourcetest"
	"github.com/everruns/reconciler/internal/webhook"
)

// BenchmarkWebhookToFirstAWSCall measures, through the wired daemon
// (`reconciler run --git-url file://… --webhook-secret-file F`, in
// process), the time from sending a signed push webhook to the end of the
// first EC2 call of the pass it sets off: the HTTP round trip, the HMAC,
// the trigger, the git head read and clone, parsing, validation and the
// engine's start. The budget is 1 s.
func BenchmarkWebhookToFirstAWSCall(b *testing.B) {
	var armed atomic.Bool
	firstCall := make(chan struct{}, 1)
	srv := fakeaws.New(fakeaws.WithClock(core.NewLiveClock()), fakeaws.WithTiming(fastTiming()),
		fakeaws.WithCallLog(func(c fakeaws.Call) {
			if c.Service == "ec2" && armed.CompareAndSwap(true, false) {
				firstCall <- struct{}{}
			}
		}))
	hs := httptest.NewServer(srv)
	defer hs.Close()
	useFake(b, &fake{srv: srv, url: hs.URL})
	seed, err := os.ReadFile(envFile)
	if err != nil {
		b.Fatal(err)
	}
	repo := sourcetest.NewRepo(b)
	head := repo.Commit(b, "deploy/environment.yaml", seed)
	secretFile := filepath.Join(b.TempDir(), "secret")
	if err := os.WriteFile(secretFile, webhookSecret, 0o600); err != nil {
		b.Fatal(err)
	}
	d := launchDaemon(b, "--git-url", repo.URL, "--git-poll", "1h", "--webhook-secret-file", secretFile)
	passes := 1
	eventually(b, "the first pass", func() bool { return d.has(b, fmt.Sprintf("reconciler_passes_total{result=\"success\"} %d", passes)) })
	body := pushPayload(head)
	var worst time.Duration
	b.ResetTimer()
	for i := range b.N {
		armed.Store(true)
		start := time.Now()
		if code := post(b, d.base, fmt.Sprintf("bench-%d", i), body); code != http.StatusAccepted {
			b.Fatalf("webhook: %d", code)
		}
		<-firstCall
		worst = max(worst, time.Since(start))
		b.StopTimer()
		passes++
		eventually(b, "the pass to end", func() bool { return d.has(b, fmt.Sprintf("reconciler_passes_total{result=\"success\"} %d", passes)) })
		b.StartTimer()
	}
	b.ReportMetric(float64(worst.Microseconds())/1000, "worst-ms")
}

// post delivers a signed push with a fresh delivery ID.
func post(b *testing.B, base, id string, body []byte) int {
	req, err := http.NewRequestWithContext(b.Context(), http.MethodPost, base+webhook.Path, bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-GitHub-Event", "push")
	req.Header.Set("X-GitHub-Delivery", id)
	req.Header.Set("X-Hub-Signature-256", webhook.Sign(webhookSecret, body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
