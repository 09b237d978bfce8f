package webhook

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// BenchmarkVerifyDispatch measures one delivery through the handler: read
// the body, verify its HMAC, deduplicate, parse the push and call OnPush,
// for a push payload of realistic size (GitHub's for a few commits is
// 5–10 KiB) and for a large one; and the cost of refusing a bad signature.
func BenchmarkVerifyDispatch(b *testing.B) {
	for _, size := range []int{8 << 10, 1 << 20} {
		body := sizedPush(size)
		good := Sign(testSecret, []byte(body))
		b.Run("push/"+strconv.Itoa(size>>10)+"KiB", func(b *testing.B) { benchDeliveries(b, body, good, http.StatusAccepted) })
		b.Run("bad-signature/"+strconv.Itoa(size>>10)+"KiB", func(b *testing.B) {
			benchDeliveries(b, body, Sign([]byte("wrong"), []byte(body)), http.StatusUnauthorized)
		})
	}
}

func benchDeliveries(b *testing.B, body, sig string, want int) {
	triggered := 0
	h, err := New(Config{Secret: testSecret, Branch: "main", Registerer: prometheus.NewRegistry(),
		OnPush: func(context.Context, Push) { triggered++ }})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		req := httptest.NewRequest(http.MethodPost, Path, strings.NewReader(body))
		req.Header.Set("X-GitHub-Event", "push")
		req.Header.Set("X-GitHub-Delivery", strconv.Itoa(i))
		req.Header.Set("X-Hub-Signature-256", sig)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != want {
			b.Fatalf("status %d, want %d", rec.Code, want)
		}
	}
	if want == http.StatusAccepted && triggered == 0 {
		b.Fatal("no push was dispatched")
	}
}

// sizedPush is a push to main padded with commits to about size bytes.
func sizedPush(size int) string {
	commit := `{"id":"` + sha1 + `","message":"Bump the API image","author":{"name":"a","email":"a@example.com"},"added":[],"removed":[],"modified":["deploy/environment.yaml"]}`
	var commits []string
	for n := 0; n < size; n += len(commit) + 1 {
		commits = append(commits, commit)
	}
	return `{"ref":"refs/heads/main","after":"` + sha1 + `","deleted":false,"commits":[` + strings.Join(commits, ",") + `]}`
}
