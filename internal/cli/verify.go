package cli

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/everruns/reconciler/internal/awsconfig"
	"github.com/everruns/reconciler/internal/awsengine"
	"github.com/everruns/reconciler/internal/verify"
)

type verifyOptions struct {
	file, output, principal string
	strict                  bool
	registryTimeout         time.Duration
}

// newVerifyCommand: reconciler verify -f FILE [-o text|json] [--strict]
// [--principal ARN]. Read-only: asks AWS and the registries what validate
// cannot know. Exit 0 when nothing found would stop an apply, 1 otherwise
// (each problem is named in the report).
func newVerifyCommand(streams IO) *cobra.Command {
	o := verifyOptions{output: "text", registryTimeout: 10 * time.Second}
	cmd := &cobra.Command{
		Use:   "verify -f FILE [-o text|json] [--strict]",
		Short: "Ask AWS and the registries whether an apply would stop; never changes anything",
		Long: "Ask AWS and the registries what validate cannot know: images and their platforms,\n" +
			"operator secrets' keys, orderable engine versions, zones, Elastic IP headroom, the\n" +
			"certificate, and the caller's permissions (iam:SimulatePrincipalPolicy).\n" +
			"Exit 0 when nothing would stop an apply, 1 naming each problem.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return o.run(cmd, streams) },
	}
	fileFlag(cmd.Flags(), &o.file, "environment `FILE` (- reads standard input)")
	cmd.Flags().StringVarP(&o.output, "output", "o", o.output, "output: text or json")
	cmd.Flags().BoolVar(&o.strict, "strict", false, "treat warnings (an unreachable registry, a check that could not ask) as errors")
	cmd.Flags().StringVar(&o.principal, "principal", "", "IAM role or user `ARN` whose permissions are simulated (default: the caller)")
	cmd.Flags().DurationVar(&o.registryTimeout, "registry-timeout", o.registryTimeout, "how long to wait for one image's registry")
	return cmd
}

func (o *verifyOptions) run(cmd *cobra.Command, streams IO) error {
	write, ok := map[string]func(io.Writer, verify.Report) error{"text": verify.WriteText, "json": verify.WriteJSON}[o.output]
	if !ok {
		return oneOf(o.output, "text", "json")
	}
	env, err := load(o.file, streams.Stdin, streams.Stderr)
	if err != nil {
		return err
	}
	ctx := cmd.Context()
	cfg, err := awsengine.Config(ctx, env, nil)
	if err != nil {
		return err
	}
	// Each check asks AWS on its own and reports what it could not read as
	// a warning; AWS out of reach altogether is not a warning but the one
	// thing to fix before anything else can be checked.
	if err := awsconfig.Preflight(ctx, cfg); err != nil {
		return err
	}
	rep, err := verify.Run(ctx, cfg, env, verify.Options{Strict: o.strict, Principal: o.principal, RegistryTimeout: o.registryTimeout})
	if err != nil {
		return err
	}
	if err := write(streams.Stdout, rep); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if !rep.OK {
		return fmt.Errorf("%d problem(s) would stop an apply", rep.Errors)
	}
	return nil
}
