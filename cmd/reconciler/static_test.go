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
	// Built as the Dockerfile builds it (CGO off, -trimpath, -s -w), once
	// for every test that runs the binaries (internal/testbin).
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
	// 31 MB as of 2026-12-06. A binary that grows past 40 MB has most
	// likely lost the linker's dead code elimination: code that looks
	// methods up by name at run time (html/template, text/template
	// executing, reflect's MethodByName) keeps every exported method of
	// every type, the AWS SDK clients' thousands, and once made it 79 MB.
	const limit = 40 << 20
	if st, err := os.Stat(bin); err != nil {
		t.Error(err)
	} else if t.Logf("binary: %d bytes", st.Size()); st.Size() > limit {
		t.Errorf("binary is %d bytes, over %d: did a method lookup by name defeat the linker's dead code elimination?", st.Size(), limit)
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
}

// goBuild builds the reconciler in dir (a package directory or a module
// root) as the Dockerfile does. Every test builds with these same flags,
// so that the second build reuses the first's compiled packages.
func goBuild(t *testing.T, dir, bin string) {
	t.Helper()
	pkg := "."
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
		pkg = "./cmd/reconciler"
	}
	build := exec.CommandContext(t.Context(), "go", "build", "-trimpath", "-buildvcs=auto", "-ldflags", "-s -w", "-o", bin, pkg)
	build.Dir = dir
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
}
