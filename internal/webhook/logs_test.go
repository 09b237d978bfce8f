package webhook

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNeverLogsTheBody sends deliveries of every outcome whose bodies hold a
// marker, and checks that no log message or field carries it, nor the secret.
func TestNeverLogsTheBody(t *testing.T) {
	const marker = "marker-in-body"
	f := newFixture(t, nil)
	push := pushBody("refs/heads/main")
	for _, r := range []request{
		{event: "push", id: "1", body: push, noSig: true},
		{event: "push", id: "2", body: push, sig: Sign([]byte("wrong"), []byte(push))},
		{event: "push", id: "3", body: push},
		{event: "push", id: "4", body: `{"ref":"` + marker},
		{event: "push", id: "5", body: `{"ref":"refs/heads/main","after":"` + marker + `"}`},
		{event: "issues", id: "6", body: `{"title":"` + marker + `"}`},
		{event: "ping", id: "7", body: `{"zen":"` + marker + `"}`},
	} {
		f.send(t, r)
	}
	entries := f.logs.All()
	if len(entries) == 0 {
		t.Fatal("nothing was logged: the test would not see a leak")
	}
	for _, e := range entries {
		line := e.Message + " " + fmt.Sprint(e.ContextMap())
		if strings.Contains(line, marker) || strings.Contains(line, string(testSecret)) {
			t.Errorf("log entry carries the body or the secret: %s", line)
		}
	}
}

func TestReadSecretFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	got, err := ReadSecretFile(write("s", "s3cr3t\n"))
	if err != nil || string(got) != "s3cr3t" {
		t.Errorf("ReadSecretFile = %q, %v, want s3cr3t without the newline", got, err)
	}
	if _, err := ReadSecretFile(write("empty", "\n")); err == nil {
		t.Error("an empty secret was accepted")
	}
	if _, err := ReadSecretFile(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing file was accepted")
	}
}
