package awsconfig

import (
	"fmt"
	"strings"

	"github.com/aws/smithy-go/logging"
	"go.uber.org/zap"
)

// zapLogger routes the SDK's own log lines (retry notices, checksum and
// deprecation warnings) through zap, so that --log-format json stays JSON
// on every line. The SDK writes to stderr with the standard library's
// logger otherwise.
type zapLogger struct{ log *zap.Logger }

// Logf logs one SDK message: warnings as warnings, the rest at debug.
func (z zapLogger) Logf(c logging.Classification, format string, v ...any) {
	msg := fmt.Sprintf(format, v...)
	if c == logging.Warn {
		z.log.Warn(msg)
		return
	}
	z.log.Debug(msg)
}

// SDKLogger is log as the SDK's logger.
func SDKLogger(log *zap.Logger) logging.Logger { return zapLogger{log.Named("aws")} }

// withoutIMDSFallback is the SDK's standard logger without its warning
// that the EC2 metadata service refused an IMDSv2 token ("falling back to
// IMDSv1"): off EC2, every command without credentials printed it before
// its own error, and said nothing a person can act on.
type withoutIMDSFallback struct{ next logging.Logger }

func (w withoutIMDSFallback) Logf(c logging.Classification, format string, v ...any) {
	if strings.HasPrefix(fmt.Sprintf(format, v...), "falling back to IMDSv1") {
		return
	}
	w.next.Logf(c, format, v...)
}
