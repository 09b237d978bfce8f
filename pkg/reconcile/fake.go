package reconcile

import (
	"context"
	"errors"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
)

// errNotImplemented is what a KindFns method without a function returns:
// terminal, so a test that forgot one fails at once instead of retrying.
var errNotImplemented = Terminal(errors.New("not implemented by this KindFns"))

// KindFns is a Kind made of functions, for tests of this package and of
// others (crossplane's ExternalClientFns). A nil function answers
// "nothing observed" for Observe and a terminal error otherwise.
type KindFns struct {
	ObserveFn func(ctx context.Context, id desired.Identity) (map[desired.Address]Live, error)
	CreateFn  func(ctx context.Context, id desired.Identity, r desired.Resource) (Live, error)
	UpdateFn  func(ctx context.Context, id desired.Identity, r desired.Resource, live Live, delta drift.Delta) (Live, error)
	DeleteFn  func(ctx context.Context, live Live) error
}

var _ Kind = KindFns{}

// Observe calls ObserveFn.
func (k KindFns) Observe(ctx context.Context, id desired.Identity) (map[desired.Address]Live, error) {
	if k.ObserveFn == nil {
		return nil, nil
	}
	return k.ObserveFn(ctx, id)
}

// Create calls CreateFn.
func (k KindFns) Create(ctx context.Context, id desired.Identity, r desired.Resource) (Live, error) {
	if k.CreateFn == nil {
		return Live{}, errNotImplemented
	}
	return k.CreateFn(ctx, id, r)
}

// Update calls UpdateFn.
func (k KindFns) Update(ctx context.Context, id desired.Identity, r desired.Resource, live Live, delta drift.Delta) (Live, error) {
	if k.UpdateFn == nil {
		return Live{}, errNotImplemented
	}
	return k.UpdateFn(ctx, id, r, live, delta)
}

// Delete calls DeleteFn.
func (k KindFns) Delete(ctx context.Context, live Live) error {
	if k.DeleteFn == nil {
		return errNotImplemented
	}
	return k.DeleteFn(ctx, live)
}
