package cli

import (
	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/logging"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// logProgress logs one structured line per action (internal/logging).
func logProgress(log *zap.Logger) func(reconcile.Event) { return logging.Progress(log) }

// newLogger is the daemon's logger (internal/logging): JSON in production,
// a console format on a terminal.
func newLogger(format string, io IO) (*zap.Logger, error) {
	return logging.New(format, io.Stderr, false)
}
