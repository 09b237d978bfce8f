package cli

import (
	"fmt"
	"io"

	"github.com/everruns/reconciler/internal/registry"
)

// printTrouble reports registry trouble on a command's stderr.
func printTrouble(w io.Writer, command string) func(registry.Trouble) {
	return func(t registry.Trouble) { fmt.Fprintf(w, "reconciler %s: %s\n", command, t) }
}
