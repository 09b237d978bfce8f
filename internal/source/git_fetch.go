package source

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage/memory"
)

// Fetch reads the file at the branch head. While the head stays where it
// was, the last read is reused; a new head is cloned afresh into memory,
// one commit deep and without a worktree, so that memory holds one tree
// of the repository whatever its history, and only the one path is read.
func (g *Git) Fetch(ctx context.Context) (Snapshot, error) {
	hash, err := g.head(ctx)
	if err != nil {
		return Snapshot{Name: g.opts.Path}, err
	}
	g.mu.Lock()
	cached := g.cached
	g.mu.Unlock()
	if cached.Revision == hash.String() {
		return cached, nil
	}
	snap, err := g.clone(ctx)
	if err != nil {
		return snap, err
	}
	g.mu.Lock()
	g.cached = snap
	g.mu.Unlock()
	return snap, nil
}

func (g *Git) clone(ctx context.Context) (Snapshot, error) {
	snap := Snapshot{Name: g.opts.Path}
	branch := plumbing.NewBranchReferenceName(g.opts.Branch)
	var repo *git.Repository
	err := g.bounded(ctx, func(ctx context.Context) (err error) {
		repo, err = git.CloneContext(ctx, memory.NewStorage(), nil, &git.CloneOptions{
			URL: g.url, Auth: g.auth, ReferenceName: branch, SingleBranch: true,
			Depth: 1, NoCheckout: true, Tags: git.NoTags,
		})
		return err
	})
	if err != nil {
		return snap, fmt.Errorf("clone %s: %w", g.url, err)
	}
	ref, err := repo.Reference(branch, true)
	if err != nil {
		return snap, fmt.Errorf("clone %s: branch %s: %w", g.url, g.opts.Branch, err)
	}
	snap.Revision = ref.Hash().String()
	commit, err := repo.CommitObject(ref.Hash())
	if err != nil {
		return snap, fmt.Errorf("read commit %s: %w", snap.Revision, err)
	}
	snap.Message = commit.Message
	snap.Data, err = readPath(commit, g.opts.Path)
	if err != nil {
		return snap, fmt.Errorf("read commit %s: %w", snap.Revision, err)
	}
	return snap, nil
}

// readPath reads one file of the commit's tree, refusing one larger than
// MaxSize before reading it.
func readPath(commit *object.Commit, path string) ([]byte, error) {
	f, err := commit.File(path)
	if errors.Is(err, object.ErrFileNotFound) {
		return nil, fmt.Errorf("no file %s", path)
	}
	if err != nil {
		return nil, fmt.Errorf("file %s: %w", path, err)
	}
	if f.Size > MaxSize {
		return nil, fmt.Errorf("file %s is %d bytes, larger than the %d-byte limit", path, f.Size, MaxSize)
	}
	r, err := f.Reader()
	if err != nil {
		return nil, fmt.Errorf("file %s: %w", path, err)
	}
	defer r.Close()
	data, err := readBounded(r)
	if err != nil {
		return nil, fmt.Errorf("file %s: %w", path, err)
	}
	return data, nil
}

// Watch asks for the branch head every Poll, and at once after Refresh,
// and says when it moved.
func (g *Git) Watch(ctx context.Context) <-chan struct{} {
	ch := make(chan struct{}, 1)
	// The head now is what later heads are compared with. A server that
	// does not answer holds this for one timeout at most, and says so.
	last, err := g.head(ctx)
	if err != nil && g.opts.OnPollError != nil && ctx.Err() == nil {
		g.opts.OnPollError(err)
	}
	go func() {
		t := time.NewTicker(g.opts.Poll)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			case <-g.refresh:
			}
			now, err := g.head(ctx)
			if err != nil {
				if g.opts.OnPollError != nil && ctx.Err() == nil {
					g.opts.OnPollError(err)
				}
				continue
			}
			if now != last {
				last = now
				notify(ch)
			}
		}
	}()
	return ch
}
