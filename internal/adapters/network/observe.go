package network

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// pager is the shape of every EC2 Describe paginator.
type pager[Page any] interface {
	HasMorePages() bool
	NextPage(ctx context.Context, optFns ...func(*ec2.Options)) (Page, error)
}

// observeAll is the one batched read of a kind: every page of a
// tag-filtered Describe, each item that carries an address mapped to its
// Live. live returns false for an item that counts as absent (a NAT
// gateway being deleted); it may call AWS for what Describe lacks.
func observeAll[Page, Item any](
	ctx context.Context, id desired.Identity, what string, pages pager[Page],
	items func(Page) []Item, tags func(Item) []types.Tag,
	live func(context.Context, Item) (reconcile.Live, bool, error),
) (map[desired.Address]reconcile.Live, error) {
	out := map[desired.Address]reconcile.Live{}
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("describe %s: %w", what, err)
		}
		for _, it := range items(page) {
			addr := kit.Claim(id, tagMap(tags(it)))
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
			if err := kit.Put(out, addr, l); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// always adapts a mapping that needs no call and for which every item
// exists.
func always[Item any](f func(Item) reconcile.Live) func(context.Context, Item) (reconcile.Live, bool, error) {
	return func(_ context.Context, it Item) (reconcile.Live, bool, error) { return f(it), true, nil }
}
