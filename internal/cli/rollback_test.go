package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/everruns/reconciler/internal/rollback"
)

// The git revert rollback prints names the last commit that changed the
// file, found from the file's own directory; outside a work tree the
// file's revision is its digest and the advice is the image to set.
func TestRollbackNamesTheCommitToRevert(t *testing.T) {
	root := t.TempDir()
	repo, err := git.PlainInit(root, false)
	if err != nil {
		t.Fatal(err)
	}
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(root, "deploy", "environment.yaml")
	commit := func(body, msg string) string {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := wt.Add("deploy/environment.yaml"); err != nil {
			t.Fatal(err)
		}
		h, err := wt.Commit(msg, &git.CommitOptions{Author: &object.Signature{Name: "a", Email: "a@example.com", When: time.Unix(1e9, 0)}})
		if err != nil {
			t.Fatal(err)
		}
		return h.String()
	}
	commit("tag: v1\n", "deploy v1")
	want := commit("tag: v2\n", "api: v2\n\nbody")
	if err := os.WriteFile(filepath.Join(root, "README"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := wt.Add("README"); err != nil {
		t.Fatal(err)
	}
	if _, err := wt.Commit("docs", &git.CommitOptions{Author: &object.Signature{Name: "a", Email: "a@example.com", When: time.Unix(2e9, 0)}}); err != nil {
		t.Fatal(err)
	}

	rev, c := fileRevision(file)
	if rev != want || c == nil || c.subject != "api: v2" || c.path != "deploy/environment.yaml" {
		t.Fatalf("fileRevision = %q, %+v; want the commit %s that changed the file", rev, c, want)
	}
	var b strings.Builder
	res := rollback.Result{From: "arn:aws:ecs:us-east-1:1:task-definition/everruns-api-production:2",
		To: "arn:aws:ecs:us-east-1:1:task-definition/everruns-api-production:1", Image: "ghcr.io/everruns/everruns-api@sha256:ab"}
	printRollback(&b, file, rollback.Service{Address: "service.api"}, res, c)
	for _, line := range []string{"git revert " + want, "everruns-api-production:2 to everruns-api-production:1",
		"--release api", "ghcr.io/everruns/everruns-api@sha256:ab"} {
		if !strings.Contains(b.String(), line) {
			t.Errorf("output lacks %q:\n%s", line, b.String())
		}
	}

	plain := filepath.Join(t.TempDir(), "environment.yaml")
	if err := os.WriteFile(plain, []byte("tag: v2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if rev, c := fileRevision(plain); c != nil || !strings.HasPrefix(rev, "sha256:") {
		t.Errorf("outside git: %q, %+v", rev, c)
	}
}
