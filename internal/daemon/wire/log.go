package wire

import (
	"fmt"
	"io"
	"os"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/everruns/reconciler/internal/awsengine"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// NewLogger is JSON in production (a Fargate task's logs go to
// CloudWatch) and a console format on a terminal; format is auto, json or
// console.
func NewLogger(format string, w io.Writer) (*zap.Logger, error) {
	if format == "auto" {
		format = "json"
		if f, ok := w.(*os.File); ok {
			if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
				format = "console"
			}
		}
	}
	var enc zapcore.Encoder
	switch format {
	case "json":
		enc = zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig())
	case "console":
		enc = zapcore.NewConsoleEncoder(zap.NewDevelopmentEncoderConfig())
	default:
		return nil, fmt.Errorf("--log-format must be auto, json or console, not %q", format)
	}
	return zap.New(zapcore.NewCore(enc, zapcore.AddSync(w), zapcore.InfoLevel)), nil
}

// logProgress logs one structured line per action; events carry no field
// values, so no secret can reach the log through them.
func logProgress(log *zap.Logger) func(reconcile.Event) {
	return func(e reconcile.Event) {
		if _, ok := awsengine.Verb(e.Phase); !ok {
			return
		}
		fields := []zap.Field{zap.String("phase", string(e.Phase)), zap.String("kind", e.Kind), zap.Duration("elapsed", e.Elapsed)}
		if e.Address != "" {
			fields = append(fields, zap.String("address", string(e.Address)))
		}
		if e.Message != "" {
			fields = append(fields, zap.String("detail", e.Message))
		}
		level := zapcore.InfoLevel
		if e.Phase == reconcile.PhaseFailed || e.Phase == reconcile.PhaseBlocked || e.Phase == reconcile.PhaseRefused {
			level = zapcore.WarnLevel
		}
		log.Log(level, string(e.Phase), fields...)
	}
}
