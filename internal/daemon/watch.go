package daemon

import (
	"bytes"
	"context"
	"crypto/sha256"
	"os"
	"time"
)

// WatchFile polls path every interval and sends on the returned channel
// when its content changes. Polling a small file is cheap, and unlike an
// inotify watch it survives the atomic replace that editors, git checkouts
// and Kubernetes ConfigMap updates do.
func WatchFile(ctx context.Context, path string, every time.Duration) <-chan struct{} {
	ch := make(chan struct{}, 1)
	// The baseline is taken now, not in the goroutine: a change made right
	// after WatchFile returns must be seen as a change.
	last := digest(path)
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			now := digest(path)
			if bytes.Equal(now, last) {
				continue
			}
			last = now
			select { // coalesce: one pending notice is enough
			case ch <- struct{}{}:
			default:
			}
		}
	}()
	return ch
}

// digest is the file's SHA-256, or nil when it cannot be read (a missing
// file is a state like any other: its reappearance is a change).
func digest(path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	sum := sha256.Sum256(b)
	return sum[:]
}
