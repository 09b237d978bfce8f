package adapters

import (
	"slices"
	"testing"

	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
	"github.com/everruns/reconciler/pkg/desired/names"
)

// TestEveryKindHasAnAdapter fails when pkg/desired can emit a kind with no
// adapter that NotYet does not list, and when NotYet lists a kind that has
// an adapter after all.
func TestEveryKindHasAnAdapter(t *testing.T) {
	_, cfg := fakeawstest.Start(t)
	reg, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	kinds := reg.Kinds()
	for _, k := range names.Kinds() {
		_, has := kinds[k]
		switch listed := slices.Contains(NotYet, k); {
		case !has && !listed:
			t.Errorf("kind %s has no adapter and is not listed in NotYet", k)
		case has && listed:
			t.Errorf("kind %s has an adapter: remove it from NotYet", k)
		}
	}
	for k := range kinds {
		if names.Fields(k) == nil {
			t.Errorf("adapter for %s, a kind package names does not declare", k)
		}
	}
}

func TestRegistryRefusesADuplicateKind(t *testing.T) {
	_, cfg := fakeawstest.Start(t)
	reg, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for kind, k := range reg.Kinds() {
		if err := reg.Add(kind, k); err == nil {
			t.Fatalf("adding %s a second time was accepted", kind)
		}
		break
	}
}
