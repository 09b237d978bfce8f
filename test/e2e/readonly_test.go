package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/everruns/reconciler/internal/cli"
)

// Neither diff nor the daemon's --dry-run pass makes a mutating AWS call,
// whether everything is to be created or nothing is, and whether the pass
// goes through the command line or the engine's Plan.
func TestDiffAndDryRunNeverMutate(t *testing.T) {
	f := newFake(t)
	useFake(t, f)
	cfg := testConfig(f)

	for _, tc := range []struct {
		name     string
		prepare  func(t *testing.T)
		wantDiff int
	}{
		{"empty environment", func(*testing.T) {}, cli.ExitChanges},
		{"converged environment", apply, cli.ExitOK},
		{"drifted environment", func(t *testing.T) {
			revokeDefaultEgress(t, f, groupID(t, f, "network.security_group.alb"))
		}, cli.ExitChanges},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.prepare(t)
			for _, pass := range []struct {
				name string
				run  func(t *testing.T)
			}{
				{"diff", func(t *testing.T) {
					if code, r := diff(t); code != tc.wantDiff {
						t.Errorf("diff exit %d, want %d; changes %+v", code, tc.wantDiff, r.Changes)
					}
				}},
				{"run --dry-run", func(t *testing.T) { dryRunPass(t) }},
				{"engine Plan", func(t *testing.T) {
					if _, err := newEngine(cfg).Plan(t.Context(), envID, networkResources(t), []string{target}); err != nil {
						t.Fatalf("Plan: %v", err)
					}
				}},
			} {
				t.Run(pass.name, func(t *testing.T) {
					f.srv.ResetCalls()
					pass.run(t)
					calls := f.srv.Calls()
					if len(calls) == 0 {
						t.Fatal("no AWS call was counted: the pass did not observe")
					}
					if m := mutations(calls); len(m) > 0 {
						t.Errorf("mutating calls %v (all calls %v)", m, calls)
					}
				})
			}
		})
	}
}

// dryRunPass runs `reconciler run --dry-run` until its first pass has
// finished, then stops it as SIGTERM would and waits for a clean exit.
func dryRunPass(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stderr lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- cli.Main(ctx, []string{"run", "-f", envFile, "--dry-run", "--target", target,
			"--poll-interval", poll, "--interval", "1h", "--listen", "127.0.0.1:0", "--log-format", "json"},
			cli.IO{Stdout: &lockedBuffer{}, Stderr: &stderr})
	}()
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(stderr.String(), `"msg":"pass finished"`); {
		select {
		case code := <-done:
			t.Fatalf("run exited %d before a pass finished:\n%s", code, stderr.String())
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("no pass finished within 20s:\n%s", stderr.String())
		}
	}
	cancel()
	if code := <-done; code != cli.ExitOK {
		t.Errorf("run exit %d after cancel, want 0:\n%s", code, stderr.String())
	}
	if strings.Contains(stderr.String(), `"result":"error"`) {
		t.Errorf("the dry-run pass failed:\n%s", stderr.String())
	}
}
