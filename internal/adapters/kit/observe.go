package kit

import (
	"context"
	"fmt"
	"iter"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// Observation is the result of observing one kind, by address.
type Observation = map[desired.Address]reconcile.Live

// LiveFunc maps one listed item to its Live; exists false means the item
// counts as absent (deleted, deleting). It may call AWS for what the
// listing lacks.
type LiveFunc[Item any] func(context.Context, Item) (l reconcile.Live, exists bool, err error)

// Collect is the one batched read of a kind: every item of a listing that
// the identity claims (kit.Claim on its tags) mapped to its Live. Items of
// another project or environment, and untagged ones, are skipped. Two
// items claiming one address are twins (see Put), reported, not an error.
func Collect[Item any](ctx context.Context, id desired.Identity, what string, items iter.Seq2[Item, error],
	tags func(Item) map[string]string, live LiveFunc[Item]) (Observation, error) {
	out := Observation{}
	for it, err := range items {
		if err != nil {
			return nil, fmt.Errorf("list %s: %w", what, err)
		}
		addr := Claim(id, tags(it))
		if addr == "" {
			continue
		}
		l, exists, err := live(ctx, it)
		if err != nil {
			return nil, fmt.Errorf("observe %s: %w", addr, err)
		}
		if !exists {
			continue
		}
		if l.CreatedAt.IsZero() {
			l.CreatedAt = CreatedAt(tags(it))
		}
		if err := Put(out, addr, l); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Always adapts a mapping that needs no call and for which every item
// exists.
func Always[Item any](f func(Item) reconcile.Live) LiveFunc[Item] {
	return func(_ context.Context, it Item) (reconcile.Live, bool, error) { return f(it), true, nil }
}

// Pages iterates over the items of every page of an SDK paginator: pass
// p.HasMorePages, p.NextPage and the page's item list.
func Pages[Page, Item, Opt any](ctx context.Context, more func() bool,
	next func(context.Context, ...func(*Opt)) (Page, error), items func(Page) []Item) iter.Seq2[Item, error] {
	return func(yield func(Item, error) bool) {
		for more() {
			page, err := next(ctx)
			if err != nil {
				var zero Item
				yield(zero, err)
				return
			}
			for _, it := range items(page) {
				if !yield(it, nil) {
					return
				}
			}
		}
	}
}

// Items iterates over a slice already read (a listing whose tags needed a
// second, batched call).
func Items[Item any](s []Item) iter.Seq2[Item, error] {
	return func(yield func(Item, error) bool) {
		for _, it := range s {
			if !yield(it, nil) {
				return
			}
		}
	}
}
