package secretsmanager

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
)

// heldList holds the first ListSecrets until released, so that a test
// knows the other kind asked while it was in flight.
type heldList struct {
	SecretsAPI
	held             atomic.Bool
	entered, release chan struct{}
}

func (h *heldList) ListSecrets(ctx context.Context, in *sm.ListSecretsInput, opts ...func(*sm.Options)) (*sm.ListSecretsOutput, error) {
	if h.held.CompareAndSwap(false, true) { // only the first: another may pass meanwhile
		close(h.entered)
		<-h.release
	}
	return h.SecretsAPI.ListSecrets(ctx, in, opts...)
}

func (e *env) heldKinds() (*heldList, *tier) {
	h := &heldList{SecretsAPI: e.sm, entered: make(chan struct{}), release: make(chan struct{})}
	k := Kinds(h, e.rds)
	return h, k[names.KindSecret].(secretKind).tier
}

func observeIn(t *testing.T, wg *sync.WaitGroup, k interface {
	Observe(context.Context, desired.Identity) (kit.Observation, error)
}, id desired.Identity, out *kit.Observation) {
	wg.Go(func() {
		var err error
		if *out, err = k.Observe(t.Context(), id); err != nil {
			t.Errorf("observe: %v", err)
		}
	})
}

// The two kinds observed at once list the secrets once; an observe after
// that lists them again (nothing is kept).
func TestKindsObservedAtOnceListSecretsOnce(t *testing.T) {
	e := start(t)
	e.mustConverge(dbSecret)
	h, tr := e.heldKinds()
	joined := make(chan struct{})
	tr.lists.OnJoin(func() { close(joined) })
	e.srv.ResetCalls()
	var first, second sync.WaitGroup
	var secrets, creds kit.Observation
	observeIn(t, &first, secretKind{tr}, prod, &secrets)
	<-h.entered
	observeIn(t, &second, credentialsKind{tr}, prod, &creds)
	waitJoinedOrDone(&second, joined) // done alone: it read for itself
	close(h.release)
	first.Wait()
	second.Wait()
	if n := e.srv.Calls()["secretsmanager:ListSecrets"]; n != 1 {
		t.Errorf("two kinds at once made %d ListSecrets, want 1", n)
	}
	if _, ok := secrets[dbSecret]; !ok {
		t.Errorf("the secret kind did not see %s: %v", dbSecret, secrets)
	}
	if _, ok := creds[dbValueAddr]; !ok {
		t.Errorf("the credentials kind did not see %s: %v", dbValueAddr, creds)
	}
	if _, err := (credentialsKind{tr}).Observe(t.Context(), prod); err != nil {
		t.Fatal(err)
	}
	if n := e.srv.Calls()["secretsmanager:ListSecrets"]; n != 2 {
		t.Errorf("an observe after the shared one made %d ListSecrets in all, want a new one (2)", n)
	}
}

// Another environment's listing has another tag filter: it is not shared.
func TestListingOfAnotherEnvironmentIsNotShared(t *testing.T) {
	e := start(t)
	e.mustConverge(dbSecret)
	h, tr := e.heldKinds()
	joined := make(chan struct{})
	tr.lists.OnJoin(func() { close(joined) })
	e.srv.ResetCalls()
	var wg, other sync.WaitGroup
	var prodSeen, stagingSeen kit.Observation
	observeIn(t, &wg, secretKind{tr}, prod, &prodSeen)
	<-h.entered
	observeIn(t, &other, secretKind{tr}, desired.Identity{Project: prod.Project, Environment: "staging"}, &stagingSeen)
	if waitJoinedOrDone(&other, joined) {
		t.Error("staging joined production's listing")
	}
	close(h.release)
	wg.Wait()
	other.Wait()
	if n := e.srv.Calls()["secretsmanager:ListSecrets"]; n != 2 {
		t.Errorf("two environments made %d ListSecrets, want 2", n)
	}
	if len(prodSeen) != 1 || len(stagingSeen) != 0 {
		t.Errorf("production saw %v, staging %v; want the secret in production only", prodSeen, stagingSeen)
	}
}

// waitJoinedOrDone waits until the observe in wg joined the read in
// flight, or ended without (having made its own); it says which.
func waitJoinedOrDone(wg *sync.WaitGroup, joined <-chan struct{}) bool {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-joined:
		return true
	case <-done:
		return false
	}
}
