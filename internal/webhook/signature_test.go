package webhook

import (
	"net/http"
	"testing"
)

// GitHub's published example ("Validating webhook deliveries", "Testing
// the webhook payload validation"): this secret and payload are signed so.
// Checked against GitHub's own value, not only against Sign, so that a
// check and a signer wrong in the same way (key and message swapped, say)
// cannot both pass.
const (
	githubExampleSecret    = "It's a Secret to Everybody"
	githubExamplePayload   = "Hello, World!"
	githubExampleSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
)

func TestGitHubsPublishedExampleIsAccepted(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.Secret = []byte(githubExampleSecret) })
	rec := f.send(t, request{event: "ping", id: "example", body: githubExamplePayload, sig: githubExampleSignature})
	if rec.Code != http.StatusOK {
		t.Errorf("GitHub's published example delivery = %d %q, want 200 (pong)", rec.Code, rec.Body.String())
	}
	rec = f.send(t, request{event: "ping", id: "example-2", body: githubExamplePayload + " ", sig: githubExampleSignature})
	if rec.Code != http.StatusUnauthorized {
		t.Errorf("the example's signature over another payload = %d, want 401", rec.Code)
	}
}

func TestSignMatchesGitHubsPublishedExample(t *testing.T) {
	if got := Sign([]byte(githubExampleSecret), []byte(githubExamplePayload)); got != githubExampleSignature {
		t.Errorf("Sign(GitHub's example) = %s, want %s", got, githubExampleSignature)
	}
}
