package e2e

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"

	"github.com/everruns/reconciler/internal/awsconfig"
	"github.com/everruns/reconciler/internal/fakeaws"
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

	inject()
	if res, err := w.applyWith(t.Context(), cfg, w.resources, 300*time.Millisecond); err != nil || res.Converged() {
		t.Fatalf("first apply under faults: err %v, converged %v; want it to stop at the person's steps", err, res.Converged())
	}
	w.f.srv.ClearFaults() // the person's own calls are not under test
	w.actAsPerson()
	inject()
	res, err := w.applyWith(t.Context(), cfg, w.resources, 0)
	w.f.srv.ClearFaults()
	if err != nil || !res.Converged() {
		t.Fatalf("apply under faults did not converge: %v %v\n%+v", err, res.Err(), outstanding(res))
	}
	calls := w.f.srv.Calls()
	auditNoDuplicates(t, w.f, w.resources)
	w.auditCounts()
	if r := w.plan(); !r.InSync() {
		t.Errorf("after converging under faults, a plan finds %+v", r.Outstanding())
	}
	t.Logf("calls, retries included: %d; detach %d replace %d", total(calls), calls["ec2:DetachInternetGateway"], calls["ec2:ReplaceRouteTableAssociation"])
}

func total(calls map[string]int) int {
	n := 0
	for _, c := range calls {
		n += c
	}
	return n
}
