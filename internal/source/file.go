package source

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"time"
)

// File is a local file. Its revision is the SHA-256 of its content.
type File struct {
	path string
	// Poll is how often the file is read and compared, whatever the
	// watcher says (default 2s); Debounce is how long a burst of
	// filesystem events must be quiet before the file is read (default
	// 50ms). Both must be positive when set.
	Poll, Debounce time.Duration
	// OnWatchError is told when the filesystem watch cannot be set up
	// (polling still works); nil ignores it.
	OnWatchError func(error)
}

// NewFile is the source for the file at path.
func NewFile(path string) *File {
	return &File{path: path, Poll: 2 * time.Second, Debounce: 50 * time.Millisecond}
}

// Fetch reads the file, at most MaxSize+1 bytes of it, and only if it is
// a regular file once links are followed: a FIFO would block the read and
// a device such as /dev/zero never ends.
func (f *File) Fetch(context.Context) (Snapshot, error) {
	data, err := f.read()
	if err != nil {
		return Snapshot{Name: f.path}, err
	}
	sum := sha256.Sum256(data)
	return Snapshot{Name: f.path, Data: data, Revision: "sha256:" + hex.EncodeToString(sum[:])}, nil
}

func (f *File) read() ([]byte, error) {
	st, err := os.Stat(f.path)
	if err != nil {
		return nil, fmt.Errorf("read environment file: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("read environment file %s: not a regular file", f.path)
	}
	fh, err := os.Open(f.path)
	if err != nil {
		return nil, fmt.Errorf("read environment file: %w", err)
	}
	defer fh.Close()
	data, err := readBounded(fh)
	if err != nil {
		return nil, fmt.Errorf("read environment file %s: %w", f.path, err)
	}
	return data, nil
}

// state is what a change is detected on: the revision, or the error (a
// missing file is a state like any other: its reappearance is a change).
func (f *File) state() string {
	s, err := f.Fetch(context.Background())
	if err != nil {
		return "error: " + err.Error()
	}
	return s.Revision
}
