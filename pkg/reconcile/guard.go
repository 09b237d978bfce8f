package reconcile

import (
	"context"
	"fmt"
	"time"

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
	guard    func() error
	deadline func() time.Time
}

// kind returns the adapter of name, guarded when Apply was given a guard.
func (r *run) kind(name string) Kind {
	k := r.e.kinds[name]
	if r.opts.Guard == nil || k == nil {
		return k
	}
	return guardedKind{Kind: k, guard: r.opts.Guard, deadline: r.opts.GuardDeadline}
}

// MutationGuard is the guard a mutating adapter call carries in its
// context, for the AWS clients: a client middleware placed after the
// SDK's retry step checks it before every attempt of a mutating
// operation, so that a replica paused in the middle of a retried call
// sends no attempt once its lease is lost.
type MutationGuard struct {
	// Check returns an error when no mutating call may be made.
	Check func() error
	// Deadline, if set, is when the permission ends (zero: already
	// ended); an attempt's context ends then.
	Deadline func() time.Time
}

type mutationGuardKey struct{}

// WithMutationGuard returns ctx carrying g.
func WithMutationGuard(ctx context.Context, g MutationGuard) context.Context {
	return context.WithValue(ctx, mutationGuardKey{}, g)
}

// MutationGuardFrom returns the guard ctx carries, if any.
func MutationGuardFrom(ctx context.Context) (MutationGuard, bool) {
	g, ok := ctx.Value(mutationGuardKey{}).(MutationGuard)
	return g, ok && g.Check != nil
}

// guarded is ctx carrying the kind's guard, for the clients' middleware.
func (g guardedKind) guarded(ctx context.Context) context.Context {
	return WithMutationGuard(ctx, MutationGuard{Check: g.guard, Deadline: g.deadline})
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
	return g.Kind.Create(g.guarded(ctx), id, r)
}

// Update checks the guard, then updates.
func (g guardedKind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live Live, delta drift.Delta) (Live, error) {
	if err := g.check("update", r.Address); err != nil {
		return Live{}, err
	}
	return g.Kind.Update(g.guarded(ctx), id, r, live, delta)
}

// Delete checks the guard, then deletes.
func (g guardedKind) Delete(ctx context.Context, live Live) error {
	if err := g.check("delete", live.Address); err != nil {
		return err
	}
	return g.Kind.Delete(g.guarded(ctx), live)
}
