package main

import (
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/everruns/reconciler/internal/testbin"
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
	// Built as the Dockerfile builds it (CGO off, -s -w); -trimpath, which
	// changes no linking, is left to the image so that this build shares
	// the compiled packages of every other test's build (internal/testbin).
	bin := testbin.Build(t, "reconciler")
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
	for _, args := range [][]string{{"version"}, {"validate", "-f", "environment.yaml"}} {
		cmd := exec.CommandContext(t.Context(), bin, args...)
		cmd.Dir, cmd.Env = empty, []string{} // no PATH, HOME, TZ or SSL_CERT_FILE
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("%s with nothing around it: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}
