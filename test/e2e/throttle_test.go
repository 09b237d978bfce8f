package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"

	"github.com/everruns/reconciler/internal/awsconfig"
	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// heavyFaults throttle 30% of every service's calls and answer 5% with a
// 500: an account shared with a busy CI, on a bad day.
var heavyFaults = []fakeaws.Fault{
	{Kind: fakeaws.FaultThrottle, Probability: 0.30},
	{Kind: fakeaws.Fault500, Probability: 0.05},
}

// Under heavy throttling and server errors, the whole environment still
// converges from empty through the production configuration (AWS-shaped
// buckets, five attempts a call, the engine's retries), with exactly one
// of everything. The retryer is the standard one with no backoff: the
// adaptive retryer the reconciler uses also slows its own sending after
// each throttle, by design and with no option to turn it off, which makes
// the same run take about 95 s of waiting (BENCHMARKS.md) and proves
// nothing more about convergence.
func TestWholeEnvironmentConvergesUnderThrottling(t *testing.T) {
	w := newFullEngine(t)
	useFake(t, w.f)
	cfg, err := awsconfig.Load(t.Context(), awsconfig.Options{Backoff: zeroBackoff})
	must(t, "awsconfig.Load", err)
	cfg.Retryer = func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) { o.MaxAttempts, o.Backoff = 5, zeroBackoff })
	}
	inject := func() {
		for _, f := range heavyFaults {
			w.f.srv.InjectFault(f)
		}
	}

	// A pass whose observation meets a call the SDK gave up on ends with
	// that error (the engine does not retry what the SDK retried); the
	// daemon's next pass asks again. So each phase is a few passes, as the
	// daemon would run them, each a new process's engine.
	passes := func(what string, done func(*reconcile.Result) bool) {
		t.Helper()
		for range 5 {
			res, err := w.applyWith(t.Context(), cfg, w.resources, 300*time.Millisecond)
			if err == nil && done(res) {
				return
			}
			if err != nil {
				t.Logf("%s: a pass ended early (the next one asks again): %v", what, err)
			}
		}
		t.Fatalf("%s: not reached in 5 passes under faults", what)
	}
	inject()
	passes("apply up to the person's steps", func(res *reconcile.Result) bool {
		for _, o := range res.Outcomes {
			if o.Status == reconcile.StatusWaiting || o.Status == reconcile.StatusBlocked || o.Status == reconcile.StatusFailed {
				return !res.Converged() && strings.Contains(res.Err().Error(), "put-secret-value")
			}
		}
		return false
	})
	w.f.srv.ClearFaults() // the person's own calls are not under test
	w.actAsPerson()
	inject()
	passes("converge", (*reconcile.Result).Converged)
	w.f.srv.ClearFaults()
	calls := w.f.srv.Calls()
	auditNoDuplicates(t, w.f, w.resources)
	w.auditCounts()
	if r := w.plan(); !r.InSync() {
		t.Errorf("after converging under faults, a plan finds %+v", r.Outstanding())
	}
	t.Logf("calls, retries included: %d", total(calls))
}

func total(calls map[string]int) int {
	n := 0
	for _, c := range calls {
		n += c
	}
	return n
}
