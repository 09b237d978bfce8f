package adapters

import (
	"github.com/everruns/reconciler/internal/adapters/ecs"
	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/internal/metrics"
	"github.com/everruns/reconciler/pkg/desired/names"
)

// RolloutCounts reads the rollouts the ECS service adapter of reg saw end,
// for the daemon's metrics; empty when reg has no such adapter.
func RolloutCounts(reg *kit.Registry) metrics.RolloutCounts {
	src, ok := reg.Kinds()[names.KindService].(interface{ Rollouts() *ecs.Rollouts })
	if !ok {
		return metrics.RolloutCounts{}
	}
	r := src.Rollouts()
	return metrics.RolloutCounts{
		Totals: func() map[[2]string]int {
			out := map[[2]string]int{}
			for k, n := range r.Totals() {
				out[[2]string{k.Service, k.Result}] = n
			}
			return out
		},
		Failed: r.FailedRevisions,
	}
}
