package source

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestFileFetchNamesTheContentByDigest(t *testing.T) {
	path := filepath.Join(t.TempDir(), "environment.yaml")
	write(t, path, "a")
	f := NewFile(path)
	s, err := f.Fetch(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	// SHA-256 of "a".
	if want := "sha256:ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"; s.Revision != want || string(s.Data) != "a" || s.Name != path {
		t.Errorf("Fetch = %+v, want revision %s", s, want)
	}
}

// A file that grew huge, a link to /dev/zero and a missing file are failed
// fetches, read in bounded memory, never a crash.
func TestFileFetchRefusesWhatTheLoaderWouldNot(t *testing.T) {
	dir := t.TempDir()
	huge := filepath.Join(dir, "huge.yaml")
	write(t, huge, "a: "+strings.Repeat("x", MaxSize))
	zero := filepath.Join(dir, "zero.yaml")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct{ path, want string }{
		"huge":    {huge, "larger than the 1048576-byte limit"},
		"zero":    {zero, "not a regular file"},
		"missing": {filepath.Join(dir, "missing.yaml"), "no such file"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := NewFile(c.path).Fetch(t.Context())
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Fetch = %v, want an error containing %q", err, c.want)
			}
		})
	}
}

// An atomic replace (write a temporary file, rename it over the old one)
// ends a watch on the file itself; the directory watch sees it. The poll
// is an hour, so only the watch can bring the notice.
func TestFileWatchSeesAnAtomicReplaceAndADeletion(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "environment.yaml")
	write(t, path, "a")
	f := NewFile(path)
	f.Poll = time.Hour
	ch := f.Watch(t.Context())

	tmp := filepath.Join(dir, ".environment.yaml.tmp")
	write(t, tmp, "b")
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
	receive(t, ch, "a notice after the replace")
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	receive(t, ch, "a notice after the deletion")
}

// Without a usable watch (here: none can be set up on a directory that
// does not exist yet), the poll still sees the file appear.
func TestFileWatchFallsBackToPolling(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "later")
	path := filepath.Join(dir, "environment.yaml")
	f := NewFile(path)
	f.Poll = time.Millisecond
	var watchErr error
	f.OnWatchError = func(err error) { watchErr = err }
	ch := f.Watch(t.Context())
	if watchErr == nil {
		t.Error("no watch error reported for a missing directory")
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, path, "a")
	receive(t, ch, "a notice from the poll")
}

func receive(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
}
