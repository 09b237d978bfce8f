package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"syscall"
	"testing"
	"time"
)

// The first signal cancels the context (a graceful shutdown); the second
// exits at once with a non-zero code and one JSON line.
func TestASecondSignalExitsAtOnce(t *testing.T) {
	sigs := make(chan os.Signal, 2)
	exited := make(chan int, 1)
	var stderr bytes.Buffer
	ctx, cancel := ShutdownContext(t.Context(), sigs, &stderr, func(code int) { exited <- code })
	defer cancel()
	sigs <- syscall.SIGTERM
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("the first signal did not cancel the context")
	}
	select {
	case code := <-exited:
		t.Fatalf("exited %d after one signal", code)
	default:
	}
	sigs <- syscall.SIGTERM
	select {
	case code := <-exited:
		if code == ExitOK {
			t.Error("a second signal exited 0")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the second signal did not exit")
	}
	var line map[string]string
	if err := json.Unmarshal(stderr.Bytes(), &line); err != nil || line["signal"] != "terminated" {
		t.Errorf("stderr %q is not one JSON line naming the signal: %v", stderr.String(), err)
	}
}
