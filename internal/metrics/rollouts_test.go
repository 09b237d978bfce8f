package metrics

import (
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestRolloutsAreReadFromTheAdapterAtScrapeTime(t *testing.T) {
	m := New("test")
	totals := map[[2]string]int{{"everruns-api", "succeeded"}: 2}
	failed := map[string]string{}
	m.SetRollouts(RolloutCounts{
		Totals: func() map[[2]string]int { return totals },
		Failed: func() map[string]string { return failed },
	})
	// A rollout fails after the metrics were wired: the next scrape says so.
	totals[[2]string{"everruns-api", "failed"}] = 1
	failed["everruns-api"] = "everruns-api-production:7"
	want := `
# HELP reconciler_rollout_failed_revision 1 for each ECS service whose last rollout failed, labelled with the task definition revision that failed.
# TYPE reconciler_rollout_failed_revision gauge
reconciler_rollout_failed_revision{ecs_service="everruns-api",revision="everruns-api-production:7"} 1
# HELP reconciler_rollouts_total ECS rollouts started while this process ran and seen to end, by ECS service and result (succeeded, failed).
# TYPE reconciler_rollouts_total counter
reconciler_rollouts_total{ecs_service="everruns-api",result="failed"} 1
reconciler_rollouts_total{ecs_service="everruns-api",result="succeeded"} 2
`
	if err := testutil.GatherAndCompare(m.Registry, strings.NewReader(want), "reconciler_rollouts_total", "reconciler_rollout_failed_revision"); err != nil {
		t.Error(err)
	}
}

func TestRolloutsWithoutAnAdapterExportNothing(t *testing.T) {
	m := New("test")
	if n, err := testutil.GatherAndCount(m.Registry, "reconciler_rollouts_total"); err != nil || n != 0 {
		t.Errorf("%d series, err %v", n, err)
	}
}
