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
	s := newSession("diff", fs)
	var pr prFlags // the pull-request comment (diff_github.go)
	pr.register(fs)
	if !parse(fs, args) {
		return ExitError
	}
	if err := pr.check(s.output); err != nil {
		s.fail(io.Stderr, err)
		return ExitError
	}
	if !s.open(ctx, io.Stderr) {
		return ExitError
	}
	engine, images, err := newEngine(s.cfg, s.engine, nil)
	if err != nil {
		s.fail(io.Stderr, err)
		return ExitError
	}
	resources, err := s.resources(ctx, images, io.Stderr)
	if err != nil {
		s.fail(io.Stderr, err)
		return ExitError
	}
	plan, err := engine.Plan(ctx, s.env.Identity(), resources, s.targets)
	if err != nil {
		s.fail(io.Stderr, err)
		return ExitError
	}
	if pr.enabled() {
		if err := pr.comment(ctx, s, plan.Report, resources, images, io.Stdout, io.Stderr); err != nil {
			s.fail(io.Stderr, err)
			return ExitError
		}
	} else if err := s.render(io.Stdout, plan.Report); err != nil {
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
