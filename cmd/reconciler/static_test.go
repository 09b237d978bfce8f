package main

import (
	"debug/elf"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBinaryIsStaticAndNeedsNothing proves the cheap half of the image's
// promise (.ci/image-check proves the rest in a real FROM scratch image):
// built as the Dockerfile builds it, the binary has no interpreter and no
// dynamic section (nothing for a loader to find in an empty root), and it
// runs with an empty environment from an empty directory, reading only
// the file it is given.
func TestBinaryIsStaticAndNeedsNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "reconciler")
	// -buildvcs=auto whatever GOFLAGS says: a clone's build is stamped
	// with its revision, which version reports below.
	build := exec.CommandContext(t.Context(), "go", "build", "-trimpath", "-buildvcs=auto", "-ldflags", "-s -w", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Errorf("program header %v: the binary is not static", p.Type)
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("imports %v", libs)
	}
	if st, err := os.Stat(bin); err == nil {
		t.Logf("binary: %d bytes", st.Size())
	}

	empty := t.TempDir()
	file, err := os.ReadFile("../../deploy/environment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(empty, "environment.yaml"), file, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"version"}, {"--help"}, {"validate", "-f", "environment.yaml"}} {
		cmd := exec.CommandContext(t.Context(), bin, args...)
		cmd.Dir, cmd.Env = empty, []string{} // no PATH, HOME, TZ or SSL_CERT_FILE
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("%s with nothing around it: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	wantRevision(t, bin)
}

// wantRevision checks that a binary built in a git checkout names the
// checkout's HEAD in version -o json. go build stamps only a repository
// whose .git is a directory (a clone), not a linked worktree's .git file.
func wantRevision(t *testing.T, bin string) {
	t.Helper()
	out, err := exec.CommandContext(t.Context(), bin, "version", "-o", "json").Output()
	var v struct{ Version, Revision string }
	if err != nil || json.Unmarshal(out, &v) != nil || v.Version == "" {
		t.Fatalf("version -o json: %v\n%s", err, out)
	}
	head, err := exec.CommandContext(t.Context(), "git", "rev-parse", "HEAD").Output()
	if st, serr := os.Stat("../../.git"); err != nil || serr != nil || !st.IsDir() {
		t.Logf("not a clone (no git, or a linked worktree): version %q, revision %q unchecked", v.Version, v.Revision)
		return
	}
	if want := strings.TrimSpace(string(head)); v.Revision != want {
		t.Errorf("version -o json names revision %q, want the checkout's %s:\n%s", v.Revision, want, out)
	}
}
