package servicediscovery

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	sd "github.com/aws/aws-sdk-go-v2/service/servicediscovery"

	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
)

// heldList holds the first ListNamespaces until released, so that the
// test knows the other kind asked while it was in flight.
type heldList struct {
	API
	held             atomic.Bool
	entered, release chan struct{}
}

func (h *heldList) ListNamespaces(ctx context.Context, in *sd.ListNamespacesInput, opts ...func(*sd.Options)) (*sd.ListNamespacesOutput, error) {
	if h.held.CompareAndSwap(false, true) {
		close(h.entered)
		<-h.release
	}
	return h.API.ListNamespaces(ctx, in, opts...)
}

// The two kinds observed at once list the namespaces once; an observe
// after that lists them again (nothing is kept).
func TestKindsObservedAtOnceListNamespacesOnce(t *testing.T) {
	srv, cfg := fakeawstest.Start(t)
	client := sd.NewFromConfig(cfg)
	h := &heldList{API: client, entered: make(chan struct{}), release: make(chan struct{})}
	kinds := Kinds(h)
	joined := make(chan struct{})
	kinds[names.KindNamespace].(namespaceKind).lists.OnJoin(func() { close(joined) })
	id := desired.Identity{Project: "everruns", Environment: "production"}
	srv.ResetCalls()
	var first, second sync.WaitGroup
	observe := func(wg *sync.WaitGroup, kind string) {
		wg.Go(func() {
			if _, err := kinds[kind].Observe(t.Context(), id); err != nil {
				t.Errorf("observe %s: %v", kind, err)
			}
		})
	}
	observe(&first, names.KindNamespace)
	<-h.entered
	observe(&second, names.KindDiscoveryService)
	secondDone := make(chan struct{})
	go func() { second.Wait(); close(secondDone) }()
	select { // done alone: it read for itself
	case <-joined:
	case <-secondDone:
	}
	close(h.release)
	first.Wait()
	<-secondDone
	calls := srv.Calls()
	if calls["servicediscovery:ListNamespaces"] != 1 {
		t.Errorf("two kinds at once made %v, want one ListNamespaces", calls)
	}
	if _, err := kinds[names.KindDiscoveryService].Observe(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	if n := srv.Calls()["servicediscovery:ListNamespaces"]; n != 2 {
		t.Errorf("an observe after the shared one made %d ListNamespaces in all, want a new one (2)", n)
	}
}
