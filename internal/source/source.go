// Package source yields the environment file's bytes and their revision
// from wherever they live (a local file, a git branch), and says when they
// may have changed, so that the daemon does not care where bytes come from.
package source

import (
	"context"
	"fmt"
	"io"

	"github.com/everruns/reconciler/pkg/desired"
)

// MaxSize is the largest file a source reads: the loader's own limit, so
// that a source never holds more than the loader would accept.
const MaxSize = desired.MaxFileSize

// Snapshot is one read of the environment file.
type Snapshot struct {
	// Name is what diagnostics call the file (FILE in FILE:LINE:COL).
	Name string
	Data []byte
	// Revision names the bytes: "sha256:<hex>" of a local file's content,
	// or a git commit SHA.
	Revision string
	// Message is the commit message of a git revision ("" for a local
	// file): a freeze window's override token is looked for in it.
	Message string
}

// Source is where the environment file comes from.
type Source interface {
	// Fetch reads the file at the source's current revision. A file that
	// is missing, unreadable or larger than MaxSize is an error.
	Fetch(ctx context.Context) (Snapshot, error)
	// Watch starts watching until ctx ends. The channel receives a value
	// (coalesced: at most one pending) whenever the file may have changed.
	// Watch is called once.
	Watch(ctx context.Context) <-chan struct{}
}

// readBounded reads at most MaxSize+1 bytes of r and refuses more, so
// that a huge file (or a link to /dev/zero) costs no more than the limit.
func readBounded(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("larger than the %d-byte limit", MaxSize)
	}
	return data, nil
}

// notify sends on ch without blocking: one pending notice is enough.
func notify(ch chan<- struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}
