package cost

import (
	"math"
	"testing"

	"github.com/everruns/reconciler/pkg/desired"
)

// The reconciler's own service runs on Fargate like any other: two
// replicas of 0.25 vCPU and 0.5 GB in the self-hosted example.
func TestReconcilerServiceIsPriced(t *testing.T) {
	env, diags := desired.Load("../../deploy/examples/self-hosted.yaml")
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	e := estimate(t, env)
	var usd float64
	for _, it := range e.Items {
		if it.Category == "fargate" && (it.Name == "reconciler vCPU (0.25 × 2 tasks, X86_64)" || it.Name == "reconciler memory (0.5 GB × 2 tasks, X86_64)") {
			usd += it.MonthlyUSD
		}
	}
	// 2 tasks × 730 h × (0.25 × 0.04048 + 0.5 × 0.004445)
	if want := 2 * 730 * (0.25*0.04048 + 0.5*0.004445); math.Abs(usd-want) > 0.02 {
		t.Errorf("reconciler's Fargate: $%.2f, want $%.2f; items %+v", usd, want, e.Items)
	}
}
