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

// BenchmarkWebhookToFirstMutatingCall measures, through the wired daemon
// as BenchmarkWebhookToFirstAWSCall does, the time from a signed push of a
// new commit to the first mutating AWS call of the pass it sets off: each
// commit moves the ALB group's HTTPS rule to another address range and
// back, so the pass reads the new head, plans the network tier (the
// daemon's target here) and changes the group's ingress. The issue's
// budget is 0.2 s.
func BenchmarkWebhookToFirstMutatingCall(b *testing.B) {
	var armed atomic.Bool
	firstCall := make(chan struct{}, 1)
	srv := fakeaws.New(fakeaws.WithClock(core.NewLiveClock()), fakeaws.WithTiming(fastTiming()),
		fakeaws.WithCallLog(func(c fakeaws.Call) {
			if !readOnly(c.Service+":"+c.Operation) && armed.CompareAndSwap(true, false) {
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
	const from, to = "port: 443, cidr: 198.51.100.0/24,", "port: 443, cidr: 198.51.100.0/25,"
	if !bytes.Contains(seed, []byte(from)) {
		b.Fatal("the shipped file's ALB group no longer admits HTTPS from 198.51.100.0/24")
	}
	repo := sourcetest.NewRepo(b)
	repo.Commit(b, "deploy/environment.yaml", seed)
	secretFile := filepath.Join(b.TempDir(), "secret")
	if err := os.WriteFile(secretFile, webhookSecret, 0o600); err != nil {
		b.Fatal(err)
	}
	d := launchDaemon(b, "--git-url", repo.URL, "--git-poll", "1h", "--webhook-secret-file", secretFile)
	passes := 1
	eventually(b, "the first pass", func() bool { return d.has(b, fmt.Sprintf("reconciler_passes_total{result=\"success\"} %d", passes)) })
	var worst time.Duration
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		file := seed
		if i%2 == 0 {
			file = bytes.Replace(seed, []byte(from), []byte(to), 1)
		}
		head := repo.Commit(b, "deploy/environment.yaml", file)
		armed.Store(true)
		b.StartTimer()
		start := time.Now()
		if code := post(b, d.base, fmt.Sprintf("bench-%d", i), pushPayload(head)); code != http.StatusAccepted {
			b.Fatalf("webhook: %d", code)
		}
		select {
		case <-firstCall:
		case <-time.After(20 * time.Second):
			b.Fatalf("no mutating call 20 s after the push; daemon log:\n%s", tailOf(d.stderr.String(), 6000))
		}
		worst = max(worst, time.Since(start))
		b.StopTimer()
		passes++
		// At least: the new head also reaches the daemon as a source
		// change, which may add a pass of its own (with nothing to do).
		eventually(b, "the pass to end", func() bool {
			return metricAtLeast(d.metrics(b), `reconciler_passes_total{result="success"}`, float64(passes))
		})
		b.StartTimer()
	}
	b.ReportMetric(float64(worst.Microseconds())/1000, "worst-ms")
}

func tailOf(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
