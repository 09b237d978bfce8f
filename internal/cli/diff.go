package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/everruns/reconciler/internal/awsengine"
	"github.com/everruns/reconciler/pkg/drift"
)

// newDiffCommand: reconciler diff -f FILE [-o text|json|markdown]
// [--target P]… It observes and reports, and never calls a mutating AWS
// API (the engine's Plan calls only Observe). Exit 0 in sync, 2 changes
// found, 1 error.
func newDiffCommand(streams IO) *cobra.Command {
	o := newSessionOptions()
	var pr prFlags // the pull-request comment (diff_github.go)
	cmd := &cobra.Command{
		Use:   "diff -f FILE",
		Short: "Observe AWS and report the drift; never changes anything",
		Long: "Observe AWS and report what differs from the file; never changes anything.\n" +
			"Exit 0 in sync, 2 changes found, 1 error.",
		Example: "  reconciler diff -f deploy/environment.yaml -o json\n" +
			"  reconciler diff -f deploy/environment.yaml --target network",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runDiff(cmd.Context(), &o, &pr, streams) },
	}
	o.bind(cmd.Flags())
	pr.register(cmd.Flags())
	return cmd
}

func runDiff(ctx context.Context, o *sessionOptions, pr *prFlags, streams IO) error {
	if err := pr.check(o.output); err != nil {
		return err
	}
	s, err := o.open(ctx, "diff", streams)
	if err != nil {
		return err
	}
	engine, err := awsengine.New(s.cfg, s.engine, nil)
	if err != nil {
		return err
	}
	resources, err := s.resources(ctx, engine, streams.Stderr)
	if err != nil {
		return err
	}
	plan, err := engine.Plan(ctx, s.env.Identity(), resources, s.targets)
	if err != nil {
		return err
	}
	if pr.enabled() {
		if err := pr.comment(ctx, s, plan.Report, resources, engine.Images, streams.Stdin, streams.Stdout, streams.Stderr); err != nil {
			return err
		}
	} else if err := s.render(streams.Stdout, plan.Report); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if !plan.Report.InSync() {
		return exitStatus(ExitChanges)
	}
	return nil
}

var renderers = map[string]func(io.Writer, drift.Report) error{
	"text":     drift.WriteText,
	"json":     drift.WriteJSON,
	"markdown": drift.WriteMarkdown,
}
