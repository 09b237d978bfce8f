package cli

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/everruns/reconciler/pkg/reconcile"
)

// runApply: reconciler apply -f FILE [--target P]… [--allow-replace].
// Converges once, printing progress to stderr, then prints the same report
// as diff of what is still different. Exit 0 converged, 1 otherwise.
func runApply(ctx context.Context, args []string, io IO) int {
	fs := newFlags("apply", io)
	file := fs.String("f", "", "environment file")
	output := fs.String("o", "text", "output of the final report: text, json or markdown")
	allowReplace := fs.Bool("allow-replace", false, "replace resources whose immutable fields changed (never stateful ones)")
	var targets stringList
	fs.Var(&targets, "target", "only addresses with this prefix, and what they depend on (repeatable)")
	var ef engineFlags
	ef.register(fs)
	if !parse(fs, args) {
		return ExitError
	}
	render, ok := renderers[*output]
	if !ok {
		fmt.Fprintf(io.Stderr, "reconciler apply: -o must be text, json or markdown, not %q\n", *output)
		return ExitError
	}
	env := load(*file, io.Stderr)
	if env == nil {
		return ExitError
	}
	cfg, err := awsConfig(ctx, env, nil)
	if err != nil {
		fmt.Fprintf(io.Stderr, "reconciler apply: %v\n", err)
		return ExitError
	}
	start := time.Now()
	engine := newEngine(cfg, ef, progressPrinter(io.Stderr))
	res, err := engine.Apply(ctx, env.Name, env.Resources(), reconcile.ApplyOptions{Targets: targets, AllowReplace: *allowReplace})
	if err != nil {
		fmt.Fprintf(io.Stderr, "reconciler apply: %v\n", err)
		return ExitError
	}
	if err := render(io.Stdout, res.Report); err != nil {
		fmt.Fprintf(io.Stderr, "reconciler apply: write report: %v\n", err)
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
