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
	g.settle(hash)
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

// settle records that a pass reads hash. If the watch's newest notice is
// of hash, that notice is withdrawn: the pass reading hash is the pass it
// asked for. A notice of another head stays (a head newer than the one
// read must make its own pass; an older one costs one pass with nothing
// to do, never a missed one). Callers hold g.mu.
func (g *Git) settle(hash plumbing.Hash) {
	if hash != g.seen {
		g.seen = hash
		return
	}
	if g.changes != nil {
		select {
		case <-g.changes:
		default:
		}
	}
}

// announce makes the head the watch found seen and, if nobody had seen it
// yet, notifies ch (nil: no notice). The notice is sent under g.mu, so
// that a Fetch of the same head settles after it and withdraws it.
func (g *Git) announce(now plumbing.Hash, ch chan struct{}) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if now == g.seen {
		return
	}
	g.seen = now
	if ch != nil {
		notify(ch)
	}
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
	g.mu.Lock()
	g.changes = ch
	g.mu.Unlock()
	// The head now is what later heads are compared with. A server that
	// does not answer holds this for one timeout at most, and says so.
	if now, err := g.head(ctx); err != nil {
		if g.opts.OnPollError != nil && ctx.Err() == nil {
			g.opts.OnPollError(err)
		}
	} else {
		g.announce(now, nil) // the start's own pass reads it: no notice
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
			if err == nil {
				g.announce(now, ch)
			} else if g.opts.OnPollError != nil && ctx.Err() == nil {
				g.opts.OnPollError(err)
			}
			if g.afterLook != nil {
				g.afterLook()
			}
		}
	}()
	return ch
}
