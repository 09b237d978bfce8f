package reconcile

import (
	"context"
	"fmt"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
)

// guardedKind checks ApplyOptions.Guard right before every mutating call of
// its kind, retries included: a replica that lost its lease between two
// calls makes no further one. The guard's error is terminal, since trying
// again cannot give the lease back. Observe is not guarded: reading is
// always allowed.
type guardedKind struct {
	Kind
	guard func() error
}

// kind returns the adapter of name, guarded when Apply was given a guard.
func (r *run) kind(name string) Kind {
	k := r.e.kinds[name]
	if r.opts.Guard == nil || k == nil {
		return k
	}
	return guardedKind{Kind: k, guard: r.opts.Guard}
}

func (g guardedKind) check(verb string, a desired.Address) error {
	if err := g.guard(); err != nil {
		return Terminal(fmt.Errorf("%w: %s %s not attempted: %w", ErrGuard, verb, a, err))
	}
	return nil
}

// Create checks the guard, then creates.
func (g guardedKind) Create(ctx context.Context, id desired.Identity, r desired.Resource) (Live, error) {
	if err := g.check("create", r.Address); err != nil {
		return Live{}, err
	}
	return g.Kind.Create(ctx, id, r)
}

// Update checks the guard, then updates.
func (g guardedKind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live Live, delta drift.Delta) (Live, error) {
	if err := g.check("update", r.Address); err != nil {
		return Live{}, err
	}
	return g.Kind.Update(ctx, id, r, live, delta)
}

// Delete checks the guard, then deletes.
func (g guardedKind) Delete(ctx context.Context, live Live) error {
	if err := g.check("delete", live.Address); err != nil {
		return err
	}
	return g.Kind.Delete(ctx, live)
}
