package ecs

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	rgt "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi"
	rgttypes "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi/types"
	"github.com/google/go-cmp/cmp"

	"github.com/everruns/reconciler/internal/adapters/tagging"
	"github.com/everruns/reconciler/internal/adapters/tagging/taggingtest"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// twoServices deploys service.api (in the file) and service.worker (an
// orphan: claimed, not in the file), and returns the file's service.
func twoServices(h *harness) desired.Resource {
	h.t.Helper()
	td, _ := h.deployed("example/api:v1")
	worker := h.service("service.worker", "everruns-worker", td.ID, 1)
	if _, err := h.kinds[names.KindService].Create(h.t.Context(), prod, worker); err != nil {
		h.t.Fatal(err)
	}
	h.settle(names.KindService, worker.Address)
	return h.service("service.api", "everruns-api", td.ID, 2)
}

// observeServices observes the services with fresh kinds (a new process)
// reading the index through api, and returns what they saw and the ECS
// calls they made.
func (h *harness) observeServices(ctx context.Context, api tagging.API) (map[desired.Address]reconcile.Live, map[string]int) {
	h.t.Helper()
	h.srv.ResetCalls()
	got, err := Kinds(h.client, WithIndex(tagging.NewWith(api)))[names.KindService].Observe(ctx, prod)
	if err != nil {
		h.t.Fatal(err)
	}
	return got, h.srv.Calls()
}

// In a pass whose index names every service the file wants, the index's
// services (the orphan's too) are described without ListServices, and
// the observation is the listing's.
func TestServicesNamedByTheIndexAreNotListed(t *testing.T) {
	h := newHarness(t)
	api := twoServices(h)
	listed := h.observe(names.KindService)
	if len(listed) != 2 {
		t.Fatalf("listing observed %v, want service.api and service.worker", slices.Collect(maps.Keys(listed)))
	}
	rgtAPI := rgt.NewFromConfig(h.cfg)
	got, calls := h.observeServices(reconcile.WithPassWanting(t.Context(), []desired.Resource{api}), rgtAPI)
	if calls["ecs:ListServices"] != 0 || calls["ecs:DescribeServices"] != 1 {
		t.Errorf("calls %v, want one DescribeServices and no ListServices", calls)
	}
	if d := cmp.Diff(listed, got); d != "" {
		t.Errorf("observation from the index differs from the listing's (-listed +indexed):\n%s", d)
	}

	// Outside a pass, or in one that does not say what the file wants,
	// the services are listed.
	for name, ctx := range map[string]context.Context{"outside a pass": t.Context(), "pass without the file": reconcile.WithPass(t.Context())} {
		got, calls := h.observeServices(ctx, rgtAPI)
		if calls["ecs:ListServices"] != 1 || len(got) != 2 {
			t.Errorf("%s: calls %v, observed %d; want the services listed, both observed", name, calls, len(got))
		}
	}
}

// A wanted service the index does not name yet (just created: the index
// lags) is listed, never believed missing; so is one the index names at
// an ARN ECS no longer holds.
func TestAWantedServiceTheIndexLacksIsListed(t *testing.T) {
	h := newHarness(t)
	api := twoServices(h)
	listed := h.observe(names.KindService)
	apiARN := listed[api.Address].ID
	ctx := func() context.Context { return reconcile.WithPassWanting(t.Context(), []desired.Resource{api}) }
	rgtAPI := rgt.NewFromConfig(h.cfg)

	got, calls := h.observeServices(ctx(), taggingtest.Lagging{API: rgtAPI, Drop: func(arn string) bool { return arn == apiARN }})
	if calls["ecs:ListServices"] != 1 || calls["ecs:DescribeServices"] != 1 {
		t.Errorf("index without the wanted service: calls %v, want the services listed (not the index's described first)", calls)
	}
	if l, ok := got[api.Address]; !ok || l.ID != apiARN {
		t.Errorf("index without the wanted service: observed %v, want %s at %s", got, api.Address, apiARN)
	}

	ghost := h.cluster[:len(h.cluster)-len("cluster/everruns-production")] + "service/everruns-production/everruns-api-deleted"
	stale := taggingtest.Lagging{API: rgtAPI, Drop: func(arn string) bool { return arn == apiARN },
		Extra: []rgttypes.ResourceTagMapping{{ResourceARN: aws.String(ghost), Tags: []rgttypes.Tag{
			{Key: aws.String(names.TagProject), Value: aws.String(prod.Project)},
			{Key: aws.String(names.TagEnvironment), Value: aws.String(prod.Environment)},
			{Key: aws.String(names.TagAddress), Value: aws.String(string(api.Address))}}}}}
	got, calls = h.observeServices(ctx(), stale)
	if calls["ecs:ListServices"] != 1 {
		t.Errorf("index naming a deleted ARN for the wanted service: calls %v, want the services listed", calls)
	}
	if d := cmp.Diff(listed, got); d != "" {
		t.Errorf("index naming a deleted ARN: observation differs from the listing's (-listed +got):\n%s", d)
	}
}
