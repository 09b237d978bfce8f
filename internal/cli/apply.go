package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/everruns/reconciler/internal/awsengine"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

type applyOptions struct {
	sessionOptions
	allowReplace bool
	wait         time.Duration
}

// newApplyCommand: reconciler apply -f FILE [--target P]… [--allow-replace]
// [--wait 15m]. Converges once, printing progress to stderr, then prints
// the same report as diff of what is still different. Exit 0 converged, 1
// otherwise.
func newApplyCommand(streams IO) *cobra.Command {
	o := applyOptions{sessionOptions: newSessionOptions(), wait: 15 * time.Minute}
	cmd := &cobra.Command{
		Use:   "apply -f FILE",
		Short: "Converge AWS to the file once, wait for readiness, report",
		Long: "Converge AWS to the file once, printing progress on stderr, wait for readiness,\n" +
			"then report what is still different, as diff does. Exit 0 converged, 1 otherwise.",
		Example: "  reconciler apply -f deploy/environment.yaml --wait 5m",
		Args:    noArgs,
		RunE:    func(cmd *cobra.Command, _ []string) error { return o.run(cmd.Context(), streams) },
	}
	o.bind(cmd.Flags())
	cmd.Flags().BoolVar(&o.allowReplace, "allow-replace", false, "replace resources whose immutable fields changed (never stateful ones)")
	cmd.Flags().DurationVar(&o.wait, "wait", o.wait, "how long to wait for one resource to become ready (a certificate issued, a rollout completed)")
	return cmd
}

func (o *applyOptions) run(ctx context.Context, streams IO) error {
	s, err := o.open(ctx, "apply", streams)
	if err != nil {
		return err
	}
	start := time.Now()
	engine, err := awsengine.New(s.cfg, s.engine, progressPrinter(streams.Stderr))
	if err != nil {
		return err
	}
	resources, err := s.resources(ctx, engine, streams.Stderr)
	if err != nil {
		return err
	}
	if s.env.Suspended() {
		fmt.Fprintln(streams.Stderr, "reconciler apply: the file says reconciler.suspend: true: observing only, changing nothing")
	}
	res, err := engine.Apply(ctx, s.env.Identity(), resources, reconcile.ApplyOptions{Targets: s.targets, AllowReplace: o.allowReplace, Wait: o.wait,
		ObserveOnly: s.env.Suspended()})
	if err != nil {
		return err
	}
	render := s.render
	if s.output == "text" {
		render = drift.WriteTextGrouped // pending creates one line per kind, not every tag of each
	}
	if err := render(streams.Stdout, res.Report); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if !res.Converged() {
		fmt.Fprintf(streams.Stderr, "reconciler apply: not converged after %s\n", time.Since(start).Round(time.Second))
		if err := res.Err(); err != nil {
			fmt.Fprintf(streams.Stderr, "%v\n", err)
		}
		return errReported
	}
	fmt.Fprintf(streams.Stderr, "converged in %s\n", time.Since(start).Round(100*time.Millisecond))
	return nil
}

// progressPrinter writes one line per step a person cares about: what is
// created or changed, what is waited for and for how long, what failed.
// Observe and per-poll noise is left out.
func progressPrinter(w io.Writer) func(reconcile.Event) {
	return func(e reconcile.Event) {
		verb, ok := awsengine.Verb(e.Phase)
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
		fmt.Fprintln(w, line) // one Write: Main's writer keeps the line whole
	}
}
