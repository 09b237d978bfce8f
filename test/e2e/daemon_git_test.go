package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/everruns/reconciler/internal/cli"
	"github.com/everruns/reconciler/internal/source/sourcetest"
)

// driftState is the part of /drift about revisions.
type driftState struct {
	report
	Revision string `json:"revision"`
	Source   struct {
		Valid    bool     `json:"valid"`
		Revision string   `json:"revision"`
		Errors   []string `json:"errors"`
	} `json:"source"`
}

func readDrift(t *testing.T, base string) driftState {
	t.Helper()
	var d driftState
	if err := json.Unmarshal([]byte(get(t, base+"/drift").body), &d); err != nil {
		t.Fatalf("/drift: %v", err)
	}
	return d
}

var gitFileError = regexp.MustCompile(`^deploy/environment\.yaml:\d+:\d+: `)

// The daemon follows a git branch (a file:// repository made with go-git):
// it converges the network tier at the first commit, picks up a new
// commit on --git-poll, keeps acting on the last good commit while the
// head is invalid (reporting the bad SHA and every FILE:LINE:COL error),
// and recovers on the next good commit.
func TestDaemonFollowsAGitBranch(t *testing.T) {
	f := newFake(t)
	useFake(t, f)
	seed, err := os.ReadFile(envFile)
	if err != nil {
		t.Fatal(err)
	}
	repo := sourcetest.NewRepo(t)
	first := repo.Commit(t, "deploy/environment.yaml", seed)

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stderr lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- cli.Main(ctx, []string{"run", "--git-url", repo.URL, "--git-poll", "10ms", "--target", target,
			"--poll-interval", poll, "--interval", "1h", "--listen", "127.0.0.1:0", "--log-format", "json"},
			cli.IO{Stdout: &lockedBuffer{}, Stderr: &stderr})
	}()
	base := "http://" + listenAddr(t, &stderr, done)

	eventually(t, "/readyz to answer 200", func() bool { return get(t, base+"/readyz").code == http.StatusOK })
	if d := readDrift(t, base); d.Revision != first || !d.InSync || !d.Source.Valid {
		t.Errorf("/drift after the first commit = %+v, want in sync at %s", d, first)
	}
	if m := get(t, base+"/metrics").body; !strings.Contains(m, `reconciler_source_revision_info{revision="`+first+`"} 1`) {
		t.Errorf("/metrics lacks the revision %s", first)
	}

	tagged := strings.Replace(string(seed), "project: everruns\n", "project: everruns\ntags:\n  Team: platform\n", 1)
	second := repo.Commit(t, "deploy/environment.yaml", []byte(tagged))
	eventually(t, "the VPC to carry the new commit's tag", func() bool { return vpcTag(t, f, "Team") == "platform" })
	eventually(t, "/drift at the second commit", func() bool { return readDrift(t, base).Revision == second })

	invalid := strings.Replace(tagged, "project: everruns\n", "project: everruns\nbogus: 1\n", 1)
	bad := repo.Commit(t, "deploy/environment.yaml", []byte(invalid))
	eventually(t, "/drift to report the bad commit", func() bool { return readDrift(t, base).Source.Revision == bad })
	d := readDrift(t, base)
	if d.Source.Valid || d.Revision != second || len(d.Source.Errors) == 0 {
		t.Errorf("/drift with an invalid head = %+v, want the bad %s reported and %s kept", d, bad, second)
	}
	for _, e := range d.Source.Errors {
		if !gitFileError.MatchString(e) {
			t.Errorf("error %q is not FILE:LINE:COL: message", e)
		}
	}
	if m := get(t, base+"/metrics").body; !strings.Contains(m, "reconciler_source_valid 0") {
		t.Error("/metrics lacks reconciler_source_valid 0")
	}
	if vpcTag(t, f, "Team") != "platform" {
		t.Error("the invalid commit changed the VPC")
	}

	fixed := repo.Commit(t, "deploy/environment.yaml", seed)
	eventually(t, "/drift to recover at the fixed commit", func() bool {
		d := readDrift(t, base)
		return d.Revision == fixed && d.Source.Valid
	})
	eventually(t, "the VPC to lose the tag again", func() bool { return vpcTag(t, f, "Team") == "" })

	cancel()
	if code := <-done; code != cli.ExitOK {
		t.Errorf("run exit %d after SIGTERM, want 0:\n%s", code, stderr.String())
	}
	for _, line := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
		if !json.Valid([]byte(line)) {
			t.Errorf("a log line is not JSON: %s", line)
		}
	}
}
