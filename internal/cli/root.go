package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// commands are the subcommands, in the order help lists them. A new
// command is one file with a newXxxCommand and one line here.
var commands = []func(IO) *cobra.Command{
	newValidateCommand,
	newCostCommand,
	newDiffCommand,
	newApplyCommand,
	newRunCommand,
	newVerifyCommand,
	newRollbackCommand,
	newIAMPolicyCommand,
	newSchemaCommand,
	newVersionCommand,
}

// newRoot is the reconciler command with every subcommand, writing to io.
// A new root per run: nothing is shared between two runs in one process
// (the tests run several at once).
func newRoot(io IO) *cobra.Command {
	var showVersion bool
	root := &cobra.Command{
		Use:   "reconciler",
		Short: "Keep one AWS environment equal to a declarative file",
		Long: "reconciler keeps one AWS environment equal to a declarative file:\n" +
			"diff reports the drift, apply converges once, run reconciles forever.",
		// Errors are printed once, by Main, in the command's words; a
		// usage message after every failed call would bury them.
		SilenceErrors:     true,
		SilenceUsage:      true,
		PersistentPreRunE: checkPositive,
		// Without a command: the usage on stderr and exit 1, as before (a
		// script that forgot its command fails). --help gives it on stdout.
		RunE: func(cmd *cobra.Command, _ []string) error {
			if showVersion {
				return writeVersion(cmd.OutOrStdout(), "text")
			}
			fmt.Fprint(cmd.ErrOrStderr(), cmd.UsageString())
			return errReported
		},
	}
	root.Flags().BoolVar(&showVersion, "version", false, "print the version (as the version command does)")
	root.SetIn(io.Stdin)
	root.SetOut(io.Stdout)
	root.SetErr(io.Stderr)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return fmt.Errorf("%w (see '%s --help')", err, cmd.CommandPath())
	})
	for _, newCommand := range commands {
		root.AddCommand(newCommand(io))
	}
	return root
}

// noArgs refuses positional arguments, which none of these commands
// take: a stray word is more likely a mistake than an intention.
func noArgs(_ *cobra.Command, args []string) error {
	if len(args) > 0 {
		return fmt.Errorf("unexpected argument %q", args[0])
	}
	return nil
}

// checkPositive refuses a duration or a count that is not positive: no
// flag of any command gives zero or a negative number a meaning, and some
// would panic on one (a ticker of 0s) or hang (no worker at all).
func checkPositive(cmd *cobra.Command, _ []string) error {
	var err error
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if err != nil {
			return
		}
		switch f.Value.Type() {
		case "duration":
			if d, _ := time.ParseDuration(f.Value.String()); d <= 0 {
				err = fmt.Errorf("--%s must be a positive duration such as 30s, not %s", f.Name, f.Value)
			}
		case "int":
			if n, _ := cmd.Flags().GetInt(f.Name); n <= 0 {
				err = fmt.Errorf("--%s must be a positive number, not %d", f.Name, n)
			}
		}
	})
	return err
}
