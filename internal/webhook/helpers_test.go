package webhook

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

var testSecret = []byte("It's a Secret to Everybody")

const sha1 = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c"

// fixture is a handler with its recorded pushes, logs and metrics.
type fixture struct {
	h      *Handler
	reg    *prometheus.Registry
	logs   *observer.ObservedLogs
	mu     sync.Mutex
	pushes []Push
}

func newFixture(t *testing.T, edit func(*Config)) *fixture {
	t.Helper()
	core, logs := observer.New(zapcore.DebugLevel)
	f := &fixture{reg: prometheus.NewRegistry(), logs: logs}
	cfg := Config{Secret: testSecret, Branch: "main", Logger: zap.New(core), Registerer: f.reg,
		OnPush: func(_ context.Context, p Push) {
			f.mu.Lock()
			f.pushes = append(f.pushes, p)
			f.mu.Unlock()
		}}
	if edit != nil {
		edit(&cfg)
	}
	h, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f.h = h
	return f
}

// request is one delivery to send; sig "" means "sign body with testSecret".
type request struct {
	method, event, id, contentType, body, sig string
	noSig                                     bool
}

func (f *fixture) send(t *testing.T, r request) *httptest.ResponseRecorder {
	t.Helper()
	if r.method == "" {
		r.method = http.MethodPost
	}
	req := httptest.NewRequestWithContext(t.Context(), r.method, Path, strings.NewReader(r.body))
	req.Header.Set("X-GitHub-Event", r.event)
	req.Header.Set("X-GitHub-Delivery", r.id)
	req.Header.Set("Content-Type", "application/json")
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	switch {
	case r.noSig:
	case r.sig != "":
		req.Header.Set("X-Hub-Signature-256", r.sig)
	default:
		req.Header.Set("X-Hub-Signature-256", Sign(testSecret, []byte(r.body)))
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}

func (f *fixture) recorded() []Push {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Push(nil), f.pushes...)
}

func (f *fixture) count(event, result string) float64 {
	return testutil.ToFloat64(f.h.deliveries.WithLabelValues(event, result))
}

func pushBody(ref string) string {
	return `{"ref":"` + ref + `","before":"` + strings.Repeat("0", 40) + `","after":"` + sha1 +
		`","deleted":false,"repository":{"full_name":"everruns/infra"},"head_commit":{"message":"marker-in-body"}}`
}
