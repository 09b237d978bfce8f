package cli

import (
	"fmt"
	"io"

	"github.com/everruns/reconciler/pkg/desired"
)

// load reads and validates the file, printing every diagnostic to w as
// FILE:LINE:COL: message. It returns nil when the file has errors: nothing
// may reach AWS from an invalid file.
func load(path string, w io.Writer) *desired.Environment {
	if path == "" {
		fmt.Fprintln(w, "reconciler: -f FILE is required")
		return nil
	}
	env, diags := desired.Load(path)
	for _, d := range diags {
		fmt.Fprintln(w, d.String())
	}
	if diags.HasErrors() {
		return nil
	}
	return env
}
