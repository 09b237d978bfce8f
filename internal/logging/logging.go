// Package logging builds the daemon's zap logger the way Flux's
// controllers write theirs, so that the same queries work on both: an
// ISO-8601 "ts", the "caller", durations as strings with units ("1m0s"),
// lower-case levels; and it logs the engine's progress events at levels an
// operator can filter on (a retry is debug: it is counted in a metric, and
// an outage must not fill the log with one line per attempt).
package logging

import (
	"fmt"
	"io"
	"os"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/everruns/reconciler/pkg/reconcile"
)

// New returns a logger writing to w at level info (debug with debug):
// JSON ("json"), a console format ("console"), or "auto": console when w
// is a terminal, else JSON (a Fargate task's logs go to CloudWatch).
func New(format string, w io.Writer, debug bool) (*zap.Logger, error) {
	if format == "auto" {
		format = "json"
		if f, ok := w.(*os.File); ok {
			if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
				format = "console"
			}
		}
	}
	cfg := encoderConfig()
	var enc zapcore.Encoder
	switch format {
	case "json":
		enc = zapcore.NewJSONEncoder(cfg)
	case "console":
		cfg.EncodeLevel = zapcore.CapitalLevelEncoder
		enc = zapcore.NewConsoleEncoder(cfg)
	default:
		return nil, fmt.Errorf("--log-format must be auto, json or console, not %q", format)
	}
	level := zapcore.InfoLevel
	if debug {
		level = zapcore.DebugLevel
	}
	return zap.New(zapcore.NewCore(enc, zapcore.AddSync(w), level), zap.AddCaller()), nil
}

// encoderConfig is zap's production encoding with Flux's choices of time
// and duration format.
func encoderConfig() zapcore.EncoderConfig {
	cfg := zap.NewProductionEncoderConfig()
	cfg.TimeKey = "ts"
	cfg.EncodeTime = zapcore.ISO8601TimeEncoder
	cfg.EncodeDuration = zapcore.StringDurationEncoder
	cfg.EncodeCaller = zapcore.ShortCallerEncoder
	return cfg
}

// Progress logs one structured line per engine event that reports an
// action; events carry no field values, so no secret can reach the log
// through them. Failures are warnings (the pass's own line says it
// failed, at error); a retry is debug.
func Progress(log *zap.Logger) func(reconcile.Event) {
	return func(e reconcile.Event) {
		level, ok := progressLevels[e.Phase]
		if !ok {
			return
		}
		if !log.Core().Enabled(level) {
			return
		}
		fields := []zap.Field{zap.String("phase", string(e.Phase)), zap.String("kind", e.Kind), zap.Duration("elapsed", e.Elapsed)}
		if e.Address != "" {
			fields = append(fields, zap.String("address", string(e.Address)))
		}
		if e.Message != "" {
			fields = append(fields, zap.String("detail", e.Message))
		}
		log.Log(level, string(e.Phase), fields...)
	}
}

// progressLevels are the events logged, and at what level.
var progressLevels = map[reconcile.Phase]zapcore.Level{
	reconcile.PhaseCreate:      zapcore.InfoLevel,
	reconcile.PhaseUpdate:      zapcore.InfoLevel,
	reconcile.PhaseReplace:     zapcore.InfoLevel,
	reconcile.PhaseDelete:      zapcore.InfoLevel,
	reconcile.PhaseRetry:       zapcore.DebugLevel,
	reconcile.PhaseWait:        zapcore.InfoLevel,
	reconcile.PhaseReady:       zapcore.InfoLevel,
	reconcile.PhaseFailed:      zapcore.WarnLevel,
	reconcile.PhaseBlocked:     zapcore.WarnLevel,
	reconcile.PhaseRefused:     zapcore.WarnLevel,
	reconcile.PhaseUnsupported: zapcore.InfoLevel,
}
