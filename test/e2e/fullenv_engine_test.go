package e2e

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"strings"
	"testing"
	"time"

	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// fullEngine is the whole shipped environment driven through the engine
// in process, without the command line's client-side rate limit: for the
// tests that converge it many times (the drift catalogue, the crashes).
type fullEngine struct {
	*fullEnv
	resources []desired.Resource
	elb       *elb.Client
}

func newFullEngine(t *testing.T) *fullEngine {
	t.Helper()
	e := fullEnvOn(t, newFake(t))
	return &fullEngine{fullEnv: e, resources: networkResources(t), elb: lbClient(e.f)}
}

// applyWith runs one apply over cfg in a fresh engine (a new process).
func (w *fullEngine) applyWith(ctx context.Context, cfg aws.Config, resources []desired.Resource, wait time.Duration) (*reconcile.Result, error) {
	return newEngine(cfg).Apply(ctx, envID, resources, reconcile.ApplyOptions{Wait: wait})
}

// converge applies resources and fails the test unless it converges.
func (w *fullEngine) converge(resources []desired.Resource) {
	w.t.Helper()
	res, err := w.applyWith(w.t.Context(), testConfig(w.f), resources, 0)
	if err != nil || !res.Converged() {
		w.t.Fatalf("apply did not converge: %v %v\n%+v", err, res.Err(), outstanding(res))
	}
}

// fromEmpty converges the whole file from an empty account, the person's
// steps between a first apply that stops at them and the second.
func (w *fullEngine) fromEmpty() {
	w.t.Helper()
	res, err := w.applyWith(w.t.Context(), testConfig(w.f), w.resources, 300*time.Millisecond)
	if err != nil || res.Converged() {
		w.t.Fatalf("first apply: err %v, converged %v; want it to stop at the person's steps", err, res.Converged())
	}
	w.actAsPerson()
	w.converge(w.resources)
}

// plan observes the whole environment as diff does.
func (w *fullEngine) plan() drift.Report {
	w.t.Helper()
	p, err := newEngine(testConfig(w.f)).Plan(w.t.Context(), envID, w.resources, nil)
	if err != nil {
		w.t.Fatalf("plan: %v", err)
	}
	return p.Report
}

func outstanding(res *reconcile.Result) []drift.Change {
	if res == nil {
		return nil
	}
	return res.Report.Outstanding()
}

// reportsChange says whether r holds a change at want's address with its
// action and want's field path (or one inside it).
func reportsChange(r drift.Report, want change) bool {
	for _, ch := range r.Outstanding() {
		if string(ch.Address) != want.address || string(ch.Action) != want.action {
			continue
		}
		for _, f := range ch.Fields {
			if f.Path == want.path || strings.HasPrefix(f.Path, want.path+".") || strings.HasPrefix(f.Path, want.path+"[") {
				return true
			}
		}
	}
	return false
}
