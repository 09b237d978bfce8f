package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/everruns/reconciler/internal/awsengine"
	"github.com/everruns/reconciler/pkg/drift"
)

// runDiff: reconciler diff -f FILE [-o text|json|markdown] [--target P]…
// It observes and reports, and never calls a mutating AWS API (the engine's
// Plan calls only Observe). Exit 0 in sync, 2 changes found, 1 error.
func runDiff(ctx context.Context, args []string, io IO) int {
	fs := newFlags("diff", io)
	s := newSession("diff", fs)
	if !parse(fs, args) || !s.open(ctx, io.Stderr) {
		return ExitError
	}
	engine, err := awsengine.New(s.cfg, s.engine, nil)
	if err != nil {
		s.fail(io.Stderr, err)
		return ExitError
	}
	resources, err := s.resources(ctx, engine, io.Stderr)
	if err != nil {
		s.fail(io.Stderr, err)
		return ExitError
	}
	plan, err := engine.Plan(ctx, s.env.Identity(), resources, s.targets)
	if err != nil {
		s.fail(io.Stderr, err)
		return ExitError
	}
	if err := s.render(io.Stdout, plan.Report); err != nil {
		s.fail(io.Stderr, fmt.Errorf("write report: %w", err))
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
