package retryhttp

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// answers serves the given statuses in turn (then 200), recording each body.
type answers struct {
	mu       sync.Mutex
	statuses []int
	headers  []map[string]string
	bodies   []string
}

func (a *answers) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	a.mu.Lock()
	defer a.mu.Unlock()
	n := len(a.bodies)
	a.bodies = append(a.bodies, string(b))
	if n < len(a.statuses) {
		for k, v := range a.headers[n] {
			w.Header().Set(k, v)
		}
		w.WriteHeader(a.statuses[n])
		return
	}
	_, _ = w.Write([]byte("ok"))
}

func client(t *testing.T, waits *[]time.Duration, failures *[]string) *http.Client {
	t.Helper()
	return &http.Client{Transport: &Transport{
		MinWait: 2 * time.Second, MaxWait: 30 * time.Second,
		OnFailure: func(r string) { *failures = append(*failures, r) },
		Sleep: func(_ context.Context, d time.Duration) error {
			*waits = append(*waits, d)
			return nil
		},
	}}
}

func TestRetriesRateLimitsAndServerErrorsAndResendsTheBody(t *testing.T) {
	a := &answers{statuses: []int{429, 403, 502}, headers: []map[string]string{
		{"Retry-After": "7"}, {"X-RateLimit-Remaining": "0", "Retry-After": "90"}, {}}}
	srv := httptest.NewServer(a)
	defer srv.Close()
	var waits []time.Duration
	var failures []string
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL, strings.NewReader(`{"state":"success"}`))
	resp, err := client(t, &waits, &failures).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if string(body) != "ok" {
		t.Fatalf("final body %q", body)
	}
	for i, b := range a.bodies {
		if b != `{"state":"success"}` {
			t.Errorf("attempt %d sent body %q", i+1, b)
		}
	}
	// Retry-After is honoured, capped at MaxWait; a 5xx without one backs
	// off exponentially (third attempt: 2s·2·2).
	want := []time.Duration{7 * time.Second, 30 * time.Second, 8 * time.Second}
	if len(waits) != len(want) {
		t.Fatalf("waits %v, want %v", waits, want)
	}
	for i := range want {
		if waits[i] != want[i] {
			t.Errorf("wait %d = %v, want %v", i, waits[i], want[i])
		}
	}
	if strings.Join(failures, ",") != "rate_limited,rate_limited,server_error" {
		t.Errorf("failures counted %v", failures)
	}
}

func TestAForbiddenThatIsNotARateLimitIsNotRetried(t *testing.T) {
	a := &answers{statuses: []int{403}, headers: []map[string]string{{}}}
	srv := httptest.NewServer(a)
	defer srv.Close()
	var waits []time.Duration
	var failures []string
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL, nil)
	resp, err := client(t, &waits, &failures).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != 403 || len(a.bodies) != 1 || len(waits) != 0 {
		t.Fatalf("status %d after %d attempts and waits %v; want one 403", resp.StatusCode, len(a.bodies), waits)
	}
	if len(failures) != 1 || failures[0] != "client_error" {
		t.Errorf("failures %v", failures)
	}
}

func TestGivesUpAfterTheLastAttempt(t *testing.T) {
	a := &answers{statuses: []int{500, 500, 500, 500, 500}, headers: make([]map[string]string, 5)}
	srv := httptest.NewServer(a)
	defer srv.Close()
	var waits []time.Duration
	var failures []string
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL, nil)
	resp, err := client(t, &waits, &failures).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != 500 || len(a.bodies) != 4 {
		t.Fatalf("status %d after %d attempts; want 500 after 4", resp.StatusCode, len(a.bodies))
	}
}
