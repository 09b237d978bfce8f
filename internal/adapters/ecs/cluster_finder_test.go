package ecs

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ecs"

	"github.com/everruns/reconciler/pkg/desired/names"
)

// heldClusters holds the first ListClusters until released, so that the
// test knows the other kind asked while it was in flight.
type heldClusters struct {
	api
	held             atomic.Bool
	entered, release chan struct{}
}

func (h *heldClusters) ListClusters(ctx context.Context, in *ecs.ListClustersInput, opts ...func(*ecs.Options)) (*ecs.ListClustersOutput, error) {
	if h.held.CompareAndSwap(false, true) {
		close(h.entered)
		<-h.release
	}
	return h.api.ListClusters(ctx, in, opts...)
}

// The cluster kind and the service kind observed at once read the
// clusters once, and the service kind finds the environment's cluster in
// that read.
func TestClusterAndServicesObservedAtOnceListClustersOnce(t *testing.T) {
	h := newHarness(t)
	held := &heldClusters{api: h.client, entered: make(chan struct{}), release: make(chan struct{})}
	kinds := Kinds(held)
	joined := make(chan struct{})
	kinds[names.KindCluster].(clusterKind).cluster.listing.OnJoin(func() { close(joined) })
	h.srv.ResetCalls()
	var first, second sync.WaitGroup
	observe := func(wg *sync.WaitGroup, kind string) {
		wg.Go(func() {
			if _, err := kinds[kind].Observe(t.Context(), prod); err != nil {
				t.Errorf("observe %s: %v", kind, err)
			}
		})
	}
	observe(&first, names.KindCluster)
	<-held.entered
	observe(&second, names.KindService)
	secondDone := make(chan struct{})
	go func() { second.Wait(); close(secondDone) }()
	select { // done alone: it read for itself
	case <-joined:
	case <-secondDone:
	}
	close(held.release)
	first.Wait()
	<-secondDone
	calls := h.srv.Calls()
	if calls["ecs:ListClusters"] != 1 || calls["ecs:DescribeClusters"] != 1 {
		t.Errorf("two kinds at once made %v, want one ListClusters and one DescribeClusters", calls)
	}
	if got := kinds[names.KindService].(*services).cluster.arn; got != h.cluster {
		t.Errorf("the service kind found cluster %q, want %q", got, h.cluster)
	}
}
