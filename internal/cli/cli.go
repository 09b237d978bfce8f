// Package cli is the reconciler's command line, built on cobra as kubectl
// and the Flux CLI are: one file per command, each binding its flags to an
// options struct and returning an error from RunE; the root (root.go)
// adds them. Main runs a command in process exactly as a person would from
// a shell, so tests call it with arguments and streams.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/everruns/reconciler/internal/awsconfig"
)

// Exit codes of the command-line contract (docs/architecture in the repo's
// shared docs): scripts rely on them.
const (
	ExitOK      = 0
	ExitError   = 1 // invalid input, a failed call, not converged, over budget
	ExitChanges = 2 // diff found changes
)

// IO is where a command reads and writes. A nil Stdin is the process's
// (read only for -f -).
type IO struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

// exitStatus is what a command returns when it has already said why on
// stderr (or has nothing to say, as diff's 2): only the code is left.
type exitStatus int

func (e exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// errReported is a failure whose message is printed already.
const errReported = exitStatus(ExitError)

// Main runs the command named by args and returns the exit code. Help goes
// to stdout with 0; an error goes to stderr as "reconciler COMMAND: error"
// with 1, unless the command printed its own and chose the code.
func Main(ctx context.Context, args []string, io IO) int {
	if io.Stdin == nil {
		io.Stdin = os.Stdin
	}
	// An apply reports from many goroutines at once (progress, registry
	// trouble, the final report): each fmt.Fprint is one Write, and one
	// Write at a time keeps every line whole, whatever the writer.
	io.Stdout, io.Stderr = &lockedWriter{w: io.Stdout}, &lockedWriter{w: io.Stderr}
	root := newRoot(io)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return ExitOK
	}
	var status exitStatus
	if errors.As(err, &status) {
		return int(status)
	}
	name := root.Name()
	if cmd != nil {
		name = cmd.CommandPath()
	}
	// AWS out of reach (no credentials, an endpoint refusing or silent)
	// is said once, as what to fix, whichever call of the pass met it
	// first: the operation and the kind add nothing a person can act on.
	var access *awsconfig.AccessError
	if errors.As(err, &access) {
		err = access
	}
	fmt.Fprintf(io.Stderr, "%s: %v\n", name, err)
	return ExitError
}

// lockedWriter serialises the writes to w.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
