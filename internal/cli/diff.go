package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/everruns/reconciler/pkg/drift"
)

// runDiff: reconciler diff -f FILE [-o text|json|markdown] [--target P]…
// It observes and reports, and never calls a mutating AWS API (the engine's
// Plan calls only Observe). Exit 0 in sync, 2 changes found, 1 error.
func runDiff(ctx context.Context, args []string, io IO) int {
	fs := newFlags("diff", io)
	file := fs.String("f", "", "environment file")
	output := fs.String("o", "text", "output: text, json or markdown")
	var targets stringList
	fs.Var(&targets, "target", "only addresses with this prefix, and what they depend on (repeatable)")
	var ef engineFlags
	ef.register(fs)
	if !parse(fs, args) {
		return ExitError
	}
	render, ok := renderers[*output]
	if !ok {
		fmt.Fprintf(io.Stderr, "reconciler diff: -o must be text, json or markdown, not %q\n", *output)
		return ExitError
	}
	env := load(*file, io.Stderr)
	if env == nil {
		return ExitError
	}
	cfg, err := awsConfig(ctx, env, nil)
	if err != nil {
		fmt.Fprintf(io.Stderr, "reconciler diff: %v\n", err)
		return ExitError
	}
	plan, err := newEngine(cfg, ef, nil).Plan(ctx, env.Name, env.Resources(), targets)
	if err != nil {
		fmt.Fprintf(io.Stderr, "reconciler diff: %v\n", err)
		return ExitError
	}
	if err := render(io.Stdout, plan.Report); err != nil {
		fmt.Fprintf(io.Stderr, "reconciler diff: write report: %v\n", err)
		return ExitError
	}
	if !plan.Report.InSync() {
		return ExitChanges
	}
	return ExitOK
}

var renderers = map[string]func(io.Writer, drift.Report) error{
	"text":     drift.WriteText,
	"json":     drift.WriteJSON,
	"markdown": drift.WriteMarkdown,
}
