package source

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Watch watches the file's directory, not the file: editors, git checkouts
// and Kubernetes ConfigMap updates replace a file atomically (a rename, a
// swapped symlink), which ends a watch on the file itself. Any event in
// the directory, once a burst is quiet for Debounce, makes the file be
// read and compared with the last state; so does every Poll tick, in case
// the watch misses something (a network filesystem, a link to another
// directory) or cannot be set up at all.
func (f *File) Watch(ctx context.Context) <-chan struct{} {
	ch := make(chan struct{}, 1)
	// The baseline is taken now, not in the goroutine: a change made right
	// after Watch returns must be seen as a change.
	last := f.state()
	events := f.watchDir(ctx)
	go func() {
		poll := time.NewTicker(f.Poll)
		defer poll.Stop()
		quiet := time.NewTimer(time.Hour)
		quiet.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-events:
				quiet.Reset(f.Debounce)
				continue
			case <-quiet.C:
			case <-poll.C:
			}
			if now := f.state(); now != last {
				last = now
				notify(ch)
			}
		}
	}()
	return ch
}

// watchDir forwards a value for every event in the file's directory until
// ctx ends; it returns a channel that never fires when no watch is
// possible.
func (f *File) watchDir(ctx context.Context) <-chan struct{} {
	out := make(chan struct{}, 1)
	w, err := fsnotify.NewWatcher()
	if err == nil {
		if err = w.Add(filepath.Dir(f.path)); err != nil {
			_ = w.Close()
		}
	}
	if err != nil {
		if f.OnWatchError != nil {
			f.OnWatchError(fmt.Errorf("watch %s: %w; polling only", filepath.Dir(f.path), err))
		}
		return out
	}
	go func() {
		defer w.Close()
		for {
			select {
			case <-ctx.Done():
				return
			case _, ok := <-w.Events:
				if !ok {
					return
				}
				notify(out)
			case err, ok := <-w.Errors:
				if !ok {
					return
				}
				if f.OnWatchError != nil {
					f.OnWatchError(fmt.Errorf("watch %s: %w", filepath.Dir(f.path), err))
				}
				notify(out) // an overflow loses events: look at the file
			}
		}
	}()
	return out
}
