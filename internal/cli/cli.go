// Package cli is the reconciler's command line: one file per command, each
// a function from arguments and streams to an exit code, so that tests run
// commands in process exactly as a person would from a shell.
package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// Exit codes of the command-line contract (docs/architecture in the repo's
// shared docs): scripts rely on them.
const (
	ExitOK      = 0
	ExitError   = 1 // invalid input, a failed call, not converged, over budget
	ExitChanges = 2 // diff found changes
)

// Version is set at build time with -ldflags "-X …/internal/cli.Version=…".
var Version = "dev"

// IO is where a command reads and writes.
type IO struct {
	Stdout, Stderr io.Writer
}

type command struct {
	summary string
	run     func(ctx context.Context, args []string, io IO) int
}

var commands = map[string]command{
	"validate":   {"load and validate the file only", runValidate},
	"cost":       {"estimate the monthly AWS cost of the file", runCost},
	"schema":     {"print the JSON Schema of the file", runSchema},
	"diff":       {"observe AWS and report the drift; never changes anything", runDiff},
	"apply":      {"converge AWS to the file once, wait for readiness, report", runApply},
	"run":        {"reconcile forever as a daemon, with metrics", runDaemon},
	"rollback":   {"roll a service back to an earlier revision and hold it there", runRollback},
	"version":    {"print the version", runVersion},
	"iam-policy": {"print the least-privilege IAM policy the daemon's task role needs", runIAMPolicy},
}

// Main runs the command named by args[0] and returns the exit code.
func Main(ctx context.Context, args []string, io IO) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(io.Stderr)
		if len(args) == 0 {
			return ExitError
		}
		return ExitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(io.Stderr, "reconciler: unknown command %q\n\n", args[0])
		usage(io.Stderr)
		return ExitError
	}
	return cmd.run(ctx, args[1:], io)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: reconciler COMMAND [flags]\n\ncommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'reconciler COMMAND -h' for a command's flags.")
}

// newFlags returns a flag set that reports errors on io.Stderr and does not
// exit the process.
func newFlags(name string, io IO) *flag.FlagSet {
	fs := flag.NewFlagSet("reconciler "+name, flag.ContinueOnError)
	fs.SetOutput(io.Stderr)
	return fs
}

// parse parses args and rejects positional arguments, which no command
// takes: a stray word is more likely a mistake than an intention. It also
// rejects a duration or a count that is not positive: no flag of any
// command gives zero or a negative number a meaning, and some would panic
// on one (a ticker of 0s) or hang (no worker at all).
func parse(fs *flag.FlagSet, args []string) bool {
	if err := fs.Parse(args); err != nil {
		return false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "%s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return false
	}
	ok := true
	fs.VisitAll(func(f *flag.Flag) {
		if err := positive(f); err != nil {
			fmt.Fprintf(fs.Output(), "%s: %v\n", fs.Name(), err)
			ok = false
		}
	})
	return ok
}

// positive checks a duration or integer flag.
func positive(f *flag.Flag) error {
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return nil
	}
	switch v := g.Get().(type) {
	case time.Duration:
		if v <= 0 {
			return fmt.Errorf("--%s must be a positive duration such as 30s, not %s", f.Name, f.Value)
		}
	case int:
		if v <= 0 {
			return fmt.Errorf("--%s must be a positive number, not %d", f.Name, v)
		}
	}
	return nil
}

// stringList is a repeatable flag (--target a --target b).
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

func runVersion(_ context.Context, _ []string, io IO) int {
	fmt.Fprintln(io.Stdout, "reconciler", Version)
	return ExitOK
}
