package webhook

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

func TestDuplicateDeliveryTriggersOnce(t *testing.T) {
	f := newFixture(t, nil)
	req := request{event: "push", id: "72d3162e", body: pushBody("refs/heads/main")}
	first, second := f.send(t, req), f.send(t, req)
	if first.Code != http.StatusAccepted || second.Code != http.StatusAccepted {
		t.Errorf("statuses = %d, %d, want 202, 202", first.Code, second.Code)
	}
	if n := len(f.recorded()); n != 1 {
		t.Errorf("pushes = %d, want 1", n)
	}
	if got := f.count("push", ResultDuplicate); got != 1 {
		t.Errorf("duplicates counted = %v, want 1", got)
	}
}

func TestConcurrentCopiesOfADeliveryTriggerOnce(t *testing.T) {
	f := newFixture(t, nil)
	req := request{event: "push", id: "same", body: pushBody("refs/heads/main")}
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() { f.send(t, req) })
	}
	wg.Wait()
	if n := len(f.recorded()); n != 1 {
		t.Errorf("pushes = %d, want 1", n)
	}
}

func TestDedupForgetsOldestBeyondItsSize(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Dedup = 2 })
	for _, id := range []string{"a", "b", "c", "a", "c"} {
		f.send(t, request{event: "push", id: id, body: pushBody("refs/heads/main")})
	}
	// a was evicted by c, so it counts again; c is still remembered.
	var got []string
	for _, p := range f.recorded() {
		got = append(got, p.DeliveryID)
	}
	if strings.Join(got, ",") != "a,b,c,a" {
		t.Errorf("triggered deliveries = %v, want a,b,c,a", got)
	}
}

func TestUnsignedDeliveryDoesNotFillTheDedupRing(t *testing.T) {
	f := newFixture(t, nil)
	f.send(t, request{event: "push", id: "d1", body: pushBody("refs/heads/main"), noSig: true})
	f.send(t, request{event: "push", id: "d1", body: pushBody("refs/heads/main")})
	if n := len(f.recorded()); n != 1 {
		t.Errorf("an unauthenticated request claimed the delivery ID: pushes = %d, want 1", n)
	}
}

func TestOversizedBody(t *testing.T) {
	f := newFixture(t, nil)
	body := strings.Repeat(" ", MaxBody+1)
	rec := f.send(t, request{event: "push", id: "big", body: body})
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("status = %d, want 413", rec.Code)
	}
	// Without a Content-Length the limit is enforced while reading.
	req := httptest.NewRequestWithContext(t.Context(), http.MethodPost, Path, strings.NewReader(body))
	req.ContentLength = -1
	req.Header.Set("X-Hub-Signature-256", Sign(testSecret, []byte(body)))
	rec = httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("chunked: status = %d, want 413", rec.Code)
	}
	if got := f.count("unknown", ResultTooLarge); got != 2 {
		t.Errorf("too_large counted = %v, want 2", got)
	}
}

func TestBodyAtTheLimitIsRead(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxBody = 4096 })
	body := pushBody("refs/heads/main")
	body += strings.Repeat(" ", 4096-len(body))
	if rec := f.send(t, request{event: "push", id: "d1", body: body}); rec.Code != http.StatusAccepted {
		t.Errorf("status = %d, want 202", rec.Code)
	}
}

func TestOnPushContextOutlivesTheRequest(t *testing.T) {
	var got context.Context
	f := newFixture(t, func(c *Config) { c.OnPush = func(ctx context.Context, _ Push) { got = ctx } })
	ctx, cancel := context.WithCancel(t.Context())
	body := pushBody("refs/heads/main")
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, Path, strings.NewReader(body))
	req.Header.Set("X-GitHub-Event", "push")
	req.Header.Set("X-Hub-Signature-256", Sign(testSecret, []byte(body)))
	f.h.ServeHTTP(httptest.NewRecorder(), req)
	cancel()
	if got == nil || got.Err() != nil {
		t.Errorf("OnPush's context = %v, want one that the request's end does not cancel", got)
	}
}

func TestNewRefusesIncompleteConfig(t *testing.T) {
	onPush := func(context.Context, Push) {}
	for i, cfg := range []Config{{Branch: "main", OnPush: onPush}, {Secret: testSecret, OnPush: onPush}, {Secret: testSecret, Branch: "main"}} {
		if _, err := New(cfg); err == nil {
			t.Errorf("config %s: New accepted it", strconv.Itoa(i))
		}
	}
}

func TestMissingSignatureIsRefusedBeforeTheBodyIsRead(t *testing.T) {
	f := newFixture(t, nil)
	rec := f.send(t, request{event: "push", id: "big", body: strings.Repeat(" ", MaxBody+1), noSig: true})
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("status = %d, want 401", rec.Code)
	}
}

// GitHub's Redeliver sends a delivery again under the same
// X-GitHub-Delivery ID. A delivery that was refused (here a payload that
// could not be read) was never acted on, so its redelivery must be: only
// an ID that triggered a pass is remembered.
func TestRedeliveryOfAFailedDeliveryIsActedOn(t *testing.T) {
	f := newFixture(t, nil)
	failed := f.send(t, request{event: "push", id: "redelivered", body: `{"ref":`})
	if failed.Code != http.StatusBadRequest {
		t.Fatalf("the broken delivery = %d, want 400", failed.Code)
	}
	again := f.send(t, request{event: "push", id: "redelivered", body: pushBody("refs/heads/main")})
	if again.Code != http.StatusAccepted || len(f.recorded()) != 1 {
		t.Errorf("the redelivery = %d %q with %d pushes, want 202 and one push", again.Code, again.Body.String(), len(f.recorded()))
	}
}
