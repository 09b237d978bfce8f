package cli

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// runApply: reconciler apply -f FILE [--target P]… [--allow-replace].
// Converges once, printing progress to stderr, then prints the same report
// as diff of what is still different. Exit 0 converged, 1 otherwise.
func runApply(ctx context.Context, args []string, io IO) int {
	fs := newFlags("apply", io)
	s := newSession("apply", fs)
	allowReplace := fs.Bool("allow-replace", false, "replace resources whose immutable fields changed (never stateful ones)")
	wait := fs.Duration("wait", 15*time.Minute, "how long to wait for one resource to become ready (a certificate issued, a rollout completed)")
	if !parse(fs, args) {
		return ExitError
	}
	if *wait <= 0 {
		fmt.Fprintf(io.Stderr, "reconciler apply: --wait must be positive, not %s\n", *wait)
		return ExitError
	}
	if !s.open(ctx, io.Stderr) {
		return ExitError
	}
	start := time.Now()
	engine, images, err := newEngine(s.cfg, s.engine, progressPrinter(io.Stderr))
	if err != nil {
		s.fail(io.Stderr, err)
		return ExitError
	}
	resources, err := s.resources(ctx, images, io.Stderr)
	if err != nil {
		s.fail(io.Stderr, err)
		return ExitError
	}
	res, err := engine.Apply(ctx, s.env.Identity(), resources, reconcile.ApplyOptions{Targets: s.targets, AllowReplace: *allowReplace, Wait: *wait})
	if err != nil {
		s.fail(io.Stderr, err)
		return ExitError
	}
	render := s.render
	if s.output == "text" {
		render = drift.WriteTextGrouped // pending creates one line per kind, not every tag of each
	}
	if err := render(io.Stdout, res.Report); err != nil {
		s.fail(io.Stderr, fmt.Errorf("write report: %w", err))
		return ExitError
	}
	if !res.Converged() {
		fmt.Fprintf(io.Stderr, "reconciler apply: not converged after %s\n", time.Since(start).Round(time.Second))
		if err := res.Err(); err != nil {
			fmt.Fprintf(io.Stderr, "%v\n", err)
		}
		return ExitError
	}
	fmt.Fprintf(io.Stderr, "converged in %s\n", time.Since(start).Round(100*time.Millisecond))
	return ExitOK
}

// progressPrinter writes one line per step a person cares about: what is
// created or changed, what is waited for and for how long, what failed.
// Observe and per-poll noise is left out.
func progressPrinter(w io.Writer) func(reconcile.Event) {
	var mu sync.Mutex
	return func(e reconcile.Event) {
		verb, ok := progressVerbs[e.Phase]
		if !ok {
			return
		}
		line := fmt.Sprintf("%-11s %s", verb, e.Address)
		if e.Address == "" {
			line = fmt.Sprintf("%-11s %s", verb, e.Kind)
		}
		if e.Elapsed >= time.Second && (e.Phase == reconcile.PhaseWait || e.Phase == reconcile.PhaseReady || e.Phase == reconcile.PhaseDone) {
			line += fmt.Sprintf(" (%s)", e.Elapsed.Round(time.Second))
		}
		if e.Message != "" {
			line += ": " + e.Message
		}
		mu.Lock()
		fmt.Fprintln(w, line)
		mu.Unlock()
	}
}

var progressVerbs = map[reconcile.Phase]string{
	reconcile.PhaseCreate:      "creating",
	reconcile.PhaseUpdate:      "updating",
	reconcile.PhaseReplace:     "replacing",
	reconcile.PhaseDelete:      "deleting",
	reconcile.PhaseRetry:       "retrying",
	reconcile.PhaseWait:        "waiting",
	reconcile.PhaseReady:       "ready",
	reconcile.PhaseFailed:      "FAILED",
	reconcile.PhaseBlocked:     "blocked",
	reconcile.PhaseRefused:     "refused",
	reconcile.PhaseUnsupported: "unsupported",
}
