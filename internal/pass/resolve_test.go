package pass

import (
	"context"
	"errors"
	"maps"
	"sync/atomic"
	"testing"

	"github.com/everruns/reconciler/internal/source"
	"github.com/everruns/reconciler/pkg/desired"
)

// The engine plans what Resolve returns, in both modes; a Resolve error
// fails the pass before anything is acted on.
func TestResolveRewritesWhatTheEngineSees(t *testing.T) {
	var creates atomic.Int32
	src := &memSource{snap: source.Snapshot{Name: "environment.yaml", Data: seed(t), Revision: "r"}}
	r := newRunner(src, &creates, "network.vpc")
	r.Resolve = func(_ context.Context, env *desired.Environment, rs []desired.Resource) ([]desired.Resource, error) {
		if env == nil {
			t.Error("Resolve without the environment")
		}
		out := make([]desired.Resource, len(rs))
		for i, res := range rs {
			if res.Address == "network.vpc" {
				res.Fields = maps.Clone(res.Fields)
				res.Fields["cidr_block"] = "10.9.0.0/16"
			}
			out[i] = res
		}
		return out, nil
	}
	out, err := r.Run(t.Context(), Observe)
	if err != nil {
		t.Fatal(err)
	}
	planned := false
	for _, f := range out.Report.Outstanding()[0].Fields {
		planned = planned || (f.Path == "cidr_block" && f.Desired == "10.9.0.0/16")
	}
	if !planned {
		t.Errorf("planned %+v, want the resolved cidr_block", out.Report.Outstanding()[0].Fields)
	}
	boom := errors.New("ecs unreadable")
	r.Resolve = func(context.Context, *desired.Environment, []desired.Resource) ([]desired.Resource, error) {
		return nil, boom
	}
	if _, err := r.Run(t.Context(), Act); !errors.Is(err, boom) || creates.Load() != 0 {
		t.Errorf("apply with a failing Resolve = %v, %d creates; want its error and none", err, creates.Load())
	}
}
