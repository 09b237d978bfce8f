package wire

import (
	"io"

	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/logging"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// NewLogger is the daemon's logger (internal/logging): JSON in production
// (a Fargate task's logs go to CloudWatch), a console format on a
// terminal; format is auto, json or console.
func NewLogger(format string, w io.Writer) (*zap.Logger, error) {
	return logging.New(format, w, false)
}

// logProgress logs one structured line per action (internal/logging).
func logProgress(log *zap.Logger) func(reconcile.Event) { return logging.Progress(log) }
