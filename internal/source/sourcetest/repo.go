// Package sourcetest makes git repositories for tests, with go-git, so
// that tests need no git binary.
package sourcetest

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Repo is a repository with a worktree on disk, on branch main.
type Repo struct {
	Dir string
	// URL is the file:// URL a git source reads it with.
	URL  string
	repo *git.Repository
}

// NewRepo initialises a repository in a new temporary directory.
func NewRepo(t testing.TB) *Repo {
	t.Helper()
	dir := t.TempDir()
	r, err := git.PlainInitWithOptions(dir, &git.PlainInitOptions{
		InitOptions: git.InitOptions{DefaultBranch: plumbing.NewBranchReferenceName("main")},
	})
	if err != nil {
		t.Fatalf("init repository: %v", err)
	}
	return &Repo{Dir: dir, URL: "file://" + dir, repo: r}
}

// Commit writes data at path and commits it on main; it returns the
// commit's SHA.
func (r *Repo) Commit(t testing.TB, path string, data []byte) string {
	t.Helper()
	return r.CommitMessage(t, path, data, "change "+path)
}

// CommitMessage is Commit with the commit message given.
func (r *Repo) CommitMessage(t testing.TB, path string, data []byte, message string) string {
	t.Helper()
	full := filepath.Join(r.Dir, filepath.FromSlash(path))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, data, 0o600); err != nil {
		t.Fatal(err)
	}
	wt, err := r.repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wt.Add(path); err != nil {
		t.Fatalf("add %s: %v", path, err)
	}
	sig := &object.Signature{Name: "test", Email: "test@example.com", When: time.Now()}
	h, err := wt.Commit(message, &git.CommitOptions{Author: sig, Committer: sig})
	if err != nil {
		t.Fatalf("commit %s: %v", path, err)
	}
	return h.String()
}
