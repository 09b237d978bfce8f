package webhook

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDeliveries(t *testing.T) {
	push := pushBody("refs/heads/main")
	cases := map[string]struct {
		reason     string
		req        request
		wantStatus int
		wantEvent  string
		wantResult string
		wantPushes []Push
	}{
		"signed push": {reason: "a push to the tracked branch triggers a pass",
			req:        request{event: "push", id: "d1", body: push},
			wantStatus: http.StatusAccepted, wantEvent: "push", wantResult: ResultTriggered,
			wantPushes: []Push{{Ref: "refs/heads/main", After: sha1, DeliveryID: "d1"}}},
		"form-encoded push": {reason: "GitHub may send the JSON as the form field payload",
			req: request{event: "push", id: "d1", contentType: "application/x-www-form-urlencoded",
				body: url.Values{"payload": {push}}.Encode()},
			wantStatus: http.StatusAccepted, wantEvent: "push", wantResult: ResultTriggered,
			wantPushes: []Push{{Ref: "refs/heads/main", After: sha1, DeliveryID: "d1"}}},
		"unsigned": {reason: "no signature, no action",
			req:        request{event: "push", id: "d1", body: push, noSig: true},
			wantStatus: http.StatusUnauthorized, wantEvent: "unknown", wantResult: ResultUnauthorized},
		"wrong secret": {reason: "signed with another secret",
			req:        request{event: "push", id: "d1", body: push, sig: Sign([]byte("other"), []byte(push))},
			wantStatus: http.StatusUnauthorized, wantEvent: "unknown", wantResult: ResultUnauthorized},
		"truncated signature": {reason: "a prefix of the right signature is not a signature",
			req:        request{event: "push", id: "d1", body: push, sig: Sign(testSecret, []byte(push))[:40]},
			wantStatus: http.StatusUnauthorized, wantEvent: "unknown", wantResult: ResultUnauthorized},
		"sha1 signature header format": {reason: "only sha256= is accepted",
			req:        request{event: "push", id: "d1", body: push, sig: "sha1=" + Sign(testSecret, []byte(push))[7:]},
			wantStatus: http.StatusUnauthorized, wantEvent: "unknown", wantResult: ResultUnauthorized},
		"tampered body": {reason: "the signature of another body",
			req:        request{event: "push", id: "d1", body: push, sig: Sign(testSecret, []byte(push+" "))},
			wantStatus: http.StatusUnauthorized, wantEvent: "unknown", wantResult: ResultUnauthorized},
		"ping": {reason: "GitHub pings a new hook",
			req:        request{event: "ping", id: "d1", body: `{"zen":"Design for failure."}`},
			wantStatus: http.StatusOK, wantEvent: "ping", wantResult: ResultPong},
		"push to another branch": {reason: "only the tracked branch matters",
			req:        request{event: "push", id: "d1", body: pushBody("refs/heads/feature")},
			wantStatus: http.StatusAccepted, wantEvent: "push", wantResult: ResultIgnored},
		"tag named like the branch": {reason: "refs/tags/main is not the branch main",
			req:        request{event: "push", id: "d1", body: pushBody("refs/tags/main")},
			wantStatus: http.StatusAccepted, wantEvent: "push", wantResult: ResultIgnored},
		"branch deleted": {reason: "a deletion leaves nothing to reconcile toward",
			req:        request{event: "push", id: "d1", body: strings.Replace(push, `"deleted":false`, `"deleted":true`, 1)},
			wantStatus: http.StatusAccepted, wantEvent: "push", wantResult: ResultIgnored},
		"other event": {reason: "issues, pull requests and the rest are ignored",
			req:        request{event: "issues", id: "d1", body: `{"action":"opened"}`},
			wantStatus: http.StatusAccepted, wantEvent: "other", wantResult: ResultIgnored},
		"signed garbage": {reason: "a signed push that is not JSON",
			req:        request{event: "push", id: "d1", body: `{"ref":`},
			wantStatus: http.StatusBadRequest, wantEvent: "push", wantResult: ResultBadRequest},
		"bad commit id": {reason: "after must be a commit ID, so that it is safe to log",
			req:        request{event: "push", id: "d1", body: strings.Replace(push, sha1, "not-a-sha", 1)},
			wantStatus: http.StatusBadRequest, wantEvent: "push", wantResult: ResultBadRequest},
		"wrong method": {reason: "only POST",
			req:        request{method: http.MethodGet, event: "push", id: "d1"},
			wantStatus: http.StatusMethodNotAllowed, wantEvent: "unknown", wantResult: ResultMethodNotAllowed},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, nil)
			rec := f.send(t, tc.req)
			if rec.Code != tc.wantStatus {
				t.Errorf("%s: status = %d, want %d", tc.reason, rec.Code, tc.wantStatus)
			}
			if got := f.count(tc.wantEvent, tc.wantResult); got != 1 {
				t.Errorf("%s: deliveries{%s,%s} = %v, want 1", tc.reason, tc.wantEvent, tc.wantResult, got)
			}
			if diff := cmp.Diff(tc.wantPushes, f.recorded()); diff != "" {
				t.Errorf("%s: pushes -want +got:\n%s", tc.reason, diff)
			}
		})
	}
}

func TestWrongMethodSaysAllow(t *testing.T) {
	f := newFixture(t, nil)
	rec := f.send(t, request{method: http.MethodPut, event: "push", id: "d1", body: pushBody("refs/heads/main")})
	if got := rec.Header().Get("Allow"); got != http.MethodPost {
		t.Errorf("Allow = %q, want POST", got)
	}
	if len(f.recorded()) != 0 {
		t.Error("a PUT triggered a pass")
	}
}
