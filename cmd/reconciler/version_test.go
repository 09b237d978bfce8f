package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestVersionNamesTheRevisionOfItsCheckout builds the binary as a person
// does in a fresh clone, from a copy of this module's files committed to a
// new git repository, and asks its version: it names that commit, not
// "dev". A copy, because this checkout may be a linked git worktree, which
// go build does not stamp, or have GOFLAGS=-buildvcs=false (goBuild asks
// for -buildvcs=auto, as a default go build is). The build
// reuses the packages TestBinaryIsStaticAndNeedsNothing compiled (same
// flags, -trimpath), so it costs about a link.
func TestVersionNamesTheRevisionOfItsCheckout(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git binary: go build cannot stamp a revision without one")
	}
	dir := t.TempDir()
	files := command(t, "../..", "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	for _, name := range strings.Split(strings.TrimRight(files, "\x00"), "\x00") {
		b, err := os.ReadFile(filepath.Join("../..", name))
		if os.IsNotExist(err) {
			continue // deleted in the working tree, not yet committed
		}
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	command(t, dir, "git", "init", "-q")
	command(t, dir, "git", "add", "-A")
	command(t, dir, "git", "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "copy")
	rev := strings.TrimSpace(command(t, dir, "git", "rev-parse", "HEAD"))

	bin := filepath.Join(t.TempDir(), "reconciler")
	goBuild(t, dir, bin)
	var v struct {
		Version  string `json:"version"`
		Revision string `json:"revision"`
		Time     string `json:"time"`
		Modified *bool  `json:"modified"`
	}
	out := command(t, dir, bin, "version", "-o", "json")
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("version -o json: %v\n%s", err, out)
	}
	if v.Revision != rev || v.Time == "" || v.Modified == nil || *v.Modified {
		t.Errorf("version -o json = %s; want revision %s, a time, modified false", out, rev)
	}
	if v.Version == "" || v.Version == "dev" || v.Version == "(devel)" {
		t.Errorf("version %q from a checkout", v.Version)
	}
	if text := command(t, dir, bin, "--version"); !strings.Contains(text, rev) {
		t.Errorf("--version = %q, want the revision %s", text, rev)
	}
}

// command runs name in dir and returns its stdout, failing the test on an
// error.
func command(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), name, args...)
	cmd.Dir = dir
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, errOut.String())
	}
	return out.String()
}
