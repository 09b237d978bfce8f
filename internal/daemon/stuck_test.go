package daemon

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/everruns/reconciler/internal/metrics"
	"github.com/everruns/reconciler/internal/pass"
)

// A pass that runs far longer than it should (a call that never returns)
// is reported: an error in the log, reconciler_pass_stuck 1, and /readyz
// fails, though the environment was observed before. Once it ends, all is
// as before.
func TestAStuckPassIsReportedAndFailsReadyz(t *testing.T) {
	core, logs := observer.New(zapcore.InfoLevel)
	m := metrics.New("test")
	release := make(chan struct{})
	var n atomic.Int32
	d := newDaemon(t, Config{Logger: zap.New(core), Metrics: m, StuckAfter: time.Millisecond,
		Pass: func(ctx context.Context, _ pass.Mode) (pass.Outcome, error) {
			if n.Add(1) == 2 {
				<-release // the second pass hangs
			}
			return observed("r"), nil
		}})
	start(t, d)
	h := d.Handler()
	eventually(t, "/readyz after the first pass", func() bool { return status(t, h, "/readyz") == http.StatusOK })
	d.Trigger("test")
	eventually(t, "/readyz to fail while the pass is stuck", func() bool { return status(t, h, "/readyz") == http.StatusServiceUnavailable })
	eventually(t, "the stuck pass to be logged", func() bool {
		return logs.FilterLevelExact(zapcore.ErrorLevel).FilterMessageSnippet("stuck").Len() > 0
	})
	if body := scrape(t, h, "/metrics"); !strings.Contains(body, "reconciler_pass_stuck 1") {
		t.Error("/metrics lacks reconciler_pass_stuck 1 while the pass is stuck")
	}
	close(release)
	eventually(t, "/readyz once the pass ended", func() bool { return status(t, h, "/readyz") == http.StatusOK })
	if body := scrape(t, h, "/metrics"); !strings.Contains(body, "reconciler_pass_stuck 0") {
		t.Error("/metrics lacks reconciler_pass_stuck 0 once the pass ended")
	}
}
