package cli

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/everruns/reconciler/internal/awsengine"
	"github.com/everruns/reconciler/pkg/desired"
)

// stdinName names standard input (-f -) in diagnostics.
const stdinName = "<stdin>"

// fileFlag binds -f, --file.
func fileFlag(fs *pflag.FlagSet, file *string, usage string) {
	fs.StringVarP(file, "file", "f", "", usage)
}

// targetFlag binds the repeatable --target (each use one prefix; commas
// are not split, an address never has one anyway).
func targetFlag(fs *pflag.FlagSet, targets *[]string) {
	fs.StringArrayVar(targets, "target", nil, "only addresses with this `PREFIX`, and what they depend on (repeatable)")
}

// engineFlags binds the flags every command that talks to AWS shares.
func engineFlags(fs *pflag.FlagSet, o *awsengine.Options) {
	fs.DurationVar(&o.PollInterval, "poll-interval", o.PollInterval, "how often to observe a resource that is becoming ready")
	fs.IntVar(&o.Parallelism, "parallelism", o.Parallelism, "resources acted on at once")
}

// oneOf checks an -o value.
func oneOf(output string, allowed ...string) error {
	for _, a := range allowed {
		if output == a {
			return nil
		}
	}
	list := allowed[0]
	for i, a := range allowed[1:] {
		if i == len(allowed)-2 {
			list += " or " + a
		} else {
			list += ", " + a
		}
	}
	return fmt.Errorf("-o must be %s, not %q", list, output)
}

// load reads and validates the file (standard input for "-"), printing
// every diagnostic to w as FILE:LINE:COL: message. It returns errReported
// when the file has errors: nothing may reach AWS from an invalid file.
func load(path string, stdin io.Reader, w io.Writer) (*desired.Environment, error) {
	if path == "" {
		return nil, errors.New("-f, --file FILE is required (- reads standard input)")
	}
	var env *desired.Environment
	var diags desired.Diagnostics
	if path == "-" {
		env, diags = desired.LoadReader(stdinName, stdin)
	} else {
		env, diags = desired.Load(path)
	}
	for _, d := range diags {
		fmt.Fprintln(w, d.String())
	}
	if diags.HasErrors() {
		return nil, errReported
	}
	return env, nil
}

// displayName is how messages name the file.
func displayName(path string) string {
	if path == "-" {
		return stdinName
	}
	return path
}
