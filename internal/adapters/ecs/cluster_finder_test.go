package ecs

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	rgt "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi"
	rgttypes "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi/types"

	"github.com/everruns/reconciler/internal/adapters/tagging"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
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

// In a pass whose tagging index names the environment's cluster, the
// cluster is described without listing the account's clusters. When the
// index names only a deleted cluster (it can lag), the clusters are
// listed: the live one is never missed.
func TestClusterFoundFromTheIndexListsOnlyWhenTheIndexCannotTell(t *testing.T) {
	h := newHarness(t)
	kind := func() reconcile.Kind {
		return Kinds(h.client, WithIndex(tagging.New(h.cfg)))[names.KindCluster]
	}
	h.srv.ResetCalls()
	got, err := kind().Observe(reconcile.WithPass(t.Context()), prod)
	if err != nil {
		t.Fatal(err)
	}
	if l, ok := got["cluster.ecs"]; !ok || l.ID != h.cluster {
		t.Fatalf("observed %v, want the cluster %s", got, h.cluster)
	}
	if c := h.srv.Calls(); c["ecs:ListClusters"] != 0 || c["ecs:DescribeClusters"] != 1 {
		t.Errorf("calls %v, want the cluster described, nothing listed", c)
	}

	// The index (like AWS's, for a while) names only a cluster of the
	// environment since deleted, and not yet the live one.
	index := staleIndex{arns: []string{"arn:aws:ecs:us-east-1:123456789012:cluster/everruns-production-deleted"}}
	h.srv.ResetCalls()
	got, err = Kinds(h.client, WithIndex(tagging.NewWith(index)))[names.KindCluster].Observe(reconcile.WithPass(t.Context()), prod)
	if err != nil {
		t.Fatal(err)
	}
	if l := got["cluster.ecs"]; l.ID != h.cluster {
		t.Errorf("observed %s, want the live cluster %s", l.ID, h.cluster)
	}
	if c := h.srv.Calls(); c["ecs:ListClusters"] != 1 {
		t.Errorf("calls %v, want the clusters listed when the index names only a deleted one", c)
	}
}

// staleIndex is a tagging index that answers as a lagging one would: it
// names only the given clusters, tagged as the environment's.
type staleIndex struct{ arns []string }

func (s staleIndex) GetResources(context.Context, *rgt.GetResourcesInput, ...func(*rgt.Options)) (*rgt.GetResourcesOutput, error) {
	out := &rgt.GetResourcesOutput{}
	for _, arn := range s.arns {
		out.ResourceTagMappingList = append(out.ResourceTagMappingList, rgttypes.ResourceTagMapping{ResourceARN: aws.String(arn),
			Tags: []rgttypes.Tag{{Key: aws.String(names.TagProject), Value: aws.String("everruns")},
				{Key: aws.String(names.TagEnvironment), Value: aws.String("production")},
				{Key: aws.String(names.TagAddress), Value: aws.String("cluster.ecs")}}})
	}
	return out, nil
}
