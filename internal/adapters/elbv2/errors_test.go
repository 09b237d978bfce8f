package elbv2_test

import (
	"testing"

	"github.com/everruns/reconciler/internal/adapters/elbv2"
	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// AWS's refusals reach the engine classified by ELBv2's table: deletion
// protection is for a person (terminal), a target group still in use is
// freed by its dependents (not ready), and deleting what is gone is done.
func TestDeleteErrorsAreClassified(t *testing.T) {
	h := start(t)
	h.createAll(t)
	classify := kit.NewClassifier(elbv2.Errors).Classify
	err := h.kinds[names.KindLoadBalancer].Delete(t.Context(), h.live["loadbalancer.alb"])
	if err == nil || classify(err) != reconcile.ClassTerminal {
		t.Errorf("delete of a protected load balancer: %v (class %v), want terminal", err, classify(err))
	}
	err = h.kinds[names.KindTargetGroup].Delete(t.Context(), h.live["loadbalancer.target_group.api"])
	if err == nil || classify(err) != reconcile.ClassNotReady {
		t.Errorf("delete of a target group in use: %v (class %v), want not ready", err, classify(err))
	}
	rule := h.live["loadbalancer.rule.api"]
	for range 2 {
		if err := h.kinds[names.KindListenerRule].Delete(t.Context(), rule); err != nil {
			t.Errorf("delete of a rule (again when gone): %v", err)
		}
	}
	if _, ok := h.observe(t, names.KindListenerRule)["loadbalancer.rule.api"]; ok {
		t.Error("a deleted rule is still observed")
	}
}
