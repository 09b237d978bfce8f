package network

import (
	"fmt"

	"github.com/everruns/reconciler/pkg/reconcile"
)

// AWS's own error codes are classified for the engine in one place,
// internal/awsconfig.Classify; adapters mark only the errors they make
// themselves.

// badInput is an error in what the adapter was given (a wrong type, an
// unresolved ref, a change no API makes): terminal.
func badInput(format string, args ...any) error {
	return reconcile.Terminal(fmt.Errorf(format, args...))
}
