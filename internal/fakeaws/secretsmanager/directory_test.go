package secretsmanager

import (
	"testing"
	"time"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// Directory.SecretExists is what ECS asks of a task definition's secrets:
// a secret scheduled for deletion cannot be read, so it does not exist.
func TestDirectorySecretExists(t *testing.T) {
	env := &core.Env{Clock: core.NewManualClock(time.Unix(0, 0)), IDs: core.NewIDs(1), Dir: &core.Directory{}}
	s := New(env)
	call := func(h core.Handler, body string) {
		t.Helper()
		if _, err := h(&core.Request{Protocol: core.JSON, Region: "us-east-1", Body: []byte(body)}); err != nil {
			t.Fatalf("%s: %v", body, err)
		}
	}
	call(s.createSecret, `{"Name":"app/db","SecretString":"x"}`)
	if !env.Dir.SecretExists("app/db") || !env.Dir.SecretExists("arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db") {
		t.Error("secret not found by name or partial ARN")
	}
	call(s.deleteSecret, `{"SecretId":"app/db"}`)
	if env.Dir.SecretExists("app/db") {
		t.Error("a secret scheduled for deletion counts as existing")
	}
}
