// Package testbin builds the project's commands once for every test that
// runs them as a person would, in the build configuration the image uses.
//
// Why it exists: each test package that ran `go build` with flags of its
// own (one with -trimpath and CGO off, another with the defaults) made the
// go command compile the whole AWS SDK again for each configuration, a
// few minutes on two cores. Here every caller builds the same way
// (CGO_ENABLED=0 and -trimpath, as the Dockerfile does: the binary is
// static, and a copy of the module elsewhere compiles to the same cache
// entries), into
// one directory shared across test processes, one build at a time (a file
// lock): the first build compiles, every later one is a cache hit and a
// link. .ci/run runs vet in the same configuration, so even the first
// build here finds its packages compiled.
package testbin

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Build compiles the command at ./cmd/name of the module that holds the
// working directory and returns the binary's path, removed when the test
// ends. The binary is static,
// stripped (-s -w, as the Dockerfile links it) and stamped with the
// checkout's VCS revision where go build stamps one.
func Build(t testing.TB, name string) string {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatalf("testbin: %v", err)
	}
	dir := filepath.Join(os.TempDir(), "reconciler-testbin-"+strings.NewReplacer("/", "_", ":", "_").Replace(root))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("testbin: %v", err)
	}
	unlock, err := lock(filepath.Join(dir, ".lock"))
	if err != nil {
		t.Fatalf("testbin: %v", err)
	}
	defer unlock()
	// One binary per process: another test process may be running its
	// own while this one links.
	bin := filepath.Join(dir, fmt.Sprintf("%s-%d", name, os.Getpid()))
	t.Cleanup(func() { _ = os.Remove(bin) })
	cmd := exec.CommandContext(t.Context(), "go", "build", "-trimpath", "-ldflags", "-s -w", "-o", bin, "./cmd/"+name)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build %s: %v\n%s", name, err, out)
	}
	return bin
}

// moduleRoot is the directory of the go.mod above the working directory.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the working directory")
		}
		dir = parent
	}
}

// lock holds an exclusive lock on path until the returned func is called:
// test packages run as parallel processes, and two builds of the same
// packages at once would compile everything twice.
func lock(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return func() { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}
