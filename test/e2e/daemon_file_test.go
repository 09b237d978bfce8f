package e2e

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/everruns/reconciler/internal/cli"
)

// startDaemon runs `reconciler run -f file` against f and returns its base
// URL and a function that stops it and returns its exit code.
func startDaemon(t *testing.T, file string) (string, func() int, *lockedBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	t.Cleanup(cancel)
	stderr := &lockedBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- cli.Main(ctx, []string{"run", "-f", file, "--target", target, "--poll-interval", poll,
			"--interval", "1h", "--file-poll", "10ms", "--listen", "127.0.0.1:0", "--log-format", "json"},
			cli.IO{Stdout: &lockedBuffer{}, Stderr: stderr})
	}()
	base := "http://" + listenAddr(t, stderr, done)
	return base, func() int { cancel(); return <-done }, stderr
}

// -f on a link to /dev/zero used to read until the process died of OOM
// before it listened: now it listens, stays unready and says why.
func TestDaemonOnALinkToDevZeroListensAndSaysWhy(t *testing.T) {
	useFake(t, newFake(t))
	file := filepath.Join(t.TempDir(), "environment.yaml")
	if err := os.Symlink("/dev/zero", file); err != nil {
		t.Fatal(err)
	}
	base, stop, _ := startDaemon(t, file)
	if code := get(t, base+"/healthz").code; code != http.StatusOK {
		t.Errorf("/healthz = %d", code)
	}
	eventually(t, "/drift to say the file is not regular", func() bool {
		return strings.Contains(get(t, base+"/drift").body, "not a regular file")
	})
	if code := get(t, base+"/readyz").code; code != http.StatusServiceUnavailable {
		t.Errorf("/readyz = %d, want 503 without a valid file", code)
	}
	stop()
}

// A local file that grows huge or is deleted is a failed read: the daemon
// keeps the last good revision, reports the failure, and recovers.
func TestDaemonKeepsTheLastGoodFile(t *testing.T) {
	useFake(t, newFake(t))
	seed, err := os.ReadFile(envFile)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "environment.yaml")
	if err := os.WriteFile(file, seed, 0o600); err != nil {
		t.Fatal(err)
	}
	base, stop, _ := startDaemon(t, file)
	eventually(t, "/readyz to answer 200", func() bool { return get(t, base+"/readyz").code == http.StatusOK })
	good := readDrift(t, base).Revision

	huge := append(append([]byte{}, seed...), []byte("# "+strings.Repeat("x", 2<<20)+"\n")...)
	if err := os.WriteFile(file, huge, 0o600); err != nil {
		t.Fatal(err)
	}
	eventually(t, "/drift to report the huge file", func() bool {
		d := readDrift(t, base)
		return !d.Source.Valid && len(d.Source.Errors) > 0 && strings.Contains(d.Source.Errors[0], "larger than")
	})
	if err := os.Remove(file); err != nil {
		t.Fatal(err)
	}
	eventually(t, "/drift to report the missing file", func() bool {
		d := readDrift(t, base)
		return len(d.Source.Errors) > 0 && strings.Contains(d.Source.Errors[0], "no such file")
	})
	if d := readDrift(t, base); d.Revision != good {
		t.Errorf("/drift revision = %s, want the last good %s", d.Revision, good)
	}
	if err := os.WriteFile(file, seed, 0o600); err != nil {
		t.Fatal(err)
	}
	eventually(t, "/drift to recover", func() bool { return readDrift(t, base).Source.Valid })
	if code := stop(); code != cli.ExitOK {
		t.Errorf("run exit %d, want 0", code)
	}
}
