package cli

import (
	"context"
	"fmt"
	stdio "io"
	"time"

	"github.com/everruns/reconciler/internal/verify"
)

// runVerify: reconciler verify -f FILE [-o text|json] [--strict]
// [--principal ARN]. Read-only: asks AWS and the registries what validate
// cannot know. Exit 0 when nothing found would stop an apply, 1 otherwise
// (each problem is named in the report).
func runVerify(ctx context.Context, args []string, io IO) int {
	fs := newFlags("verify", io)
	file := fs.String("f", "", "environment file")
	output := fs.String("o", "text", "output: text or json")
	strict := fs.Bool("strict", false, "treat warnings (an unreachable registry, a check that could not ask) as errors")
	principal := fs.String("principal", "", "IAM role or user ARN whose permissions are simulated (default: the caller)")
	timeout := fs.Duration("registry-timeout", 10*time.Second, "how long to wait for one image's registry")
	if !parse(fs, args) {
		return ExitError
	}
	write, ok := map[string]func(stdio.Writer, verify.Report) error{"text": verify.WriteText, "json": verify.WriteJSON}[*output]
	if !ok {
		fmt.Fprintf(io.Stderr, "reconciler verify: -o must be text or json, not %q\n", *output)
		return ExitError
	}
	env := load(*file, io.Stderr)
	if env == nil {
		return ExitError
	}
	cfg, err := awsConfig(ctx, env, nil)
	if err != nil {
		fmt.Fprintf(io.Stderr, "reconciler verify: %v\n", err)
		return ExitError
	}
	rep, err := verify.Run(ctx, cfg, env, verify.Options{Strict: *strict, Principal: *principal, RegistryTimeout: *timeout})
	if err != nil {
		fmt.Fprintf(io.Stderr, "reconciler verify: %v\n", err)
		return ExitError
	}
	if err := write(io.Stdout, rep); err != nil {
		fmt.Fprintf(io.Stderr, "reconciler verify: write report: %v\n", err)
		return ExitError
	}
	if !rep.OK {
		fmt.Fprintf(io.Stderr, "reconciler verify: %d problem(s) would stop an apply\n", rep.Errors)
		return ExitError
	}
	return ExitOK
}
