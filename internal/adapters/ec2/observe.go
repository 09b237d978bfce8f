package ec2

import (
	"context"
	"iter"

	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
)

// collect is kit.Collect over EC2 items, whose tags are a []types.Tag.
func collect[Item any](ctx context.Context, id desired.Identity, what string, items iter.Seq2[Item, error],
	tags func(Item) []types.Tag, live kit.LiveFunc[Item]) (kit.Observation, error) {
	return kit.Collect(ctx, id, what, items, func(it Item) map[string]string { return tagMap(tags(it)) }, live)
}
