package ecs

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/everruns/reconciler/internal/adapters/concur"
	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/internal/adapters/tagging"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// clusterFinder reads the account's clusters once per pass for every kind
// that needs them, and finds the environment's cluster by its tags (the
// ecs.cluster kind creates it) and remembers its ARN: services and tasks
// are listed per cluster, and a cluster does not move. A cluster that
// disappears is forgotten when ECS says so (forget).
type clusterFinder struct {
	api   api
	index *tagging.Index
	// listing is the one read of the clusters shared by the kinds that ask
	// at the same time: the cluster kind observes them all while the
	// service and one-off task kinds look for the environment's.
	listing concur.Flight[[]types.Cluster]
	mu      sync.Mutex
	arn     string
}

// all is the clusters the identity may claim: in a pass whose tagging
// index claims one for the identity, those the index names, described (no
// ListClusters); otherwise the account's clusters, listed then described.
// The listing stays the answer whenever the index could be behind: when
// it names none of the identity's clusters (one just created), or none of
// those it names is ACTIVE (a deleted one, still indexed). One read per
// identity is shared with the kinds that ask while it runs.
func (c *clusterFinder) all(ctx context.Context, id desired.Identity) ([]types.Cluster, error) {
	key := id.Project + "/" + id.Environment
	return reconcile.Shared(ctx, "ecs:clusters/"+key, func(ctx context.Context) ([]types.Cluster, error) {
		return c.listing.Do(ctx, key, func(ctx context.Context) ([]types.Cluster, error) { return c.read(ctx, id) })
	})
}

// read is all's one read.
func (c *clusterFinder) read(ctx context.Context, id desired.Identity) ([]types.Cluster, error) {
	if claimed := c.claimed(ctx, id); len(claimed) > 0 {
		clusters, err := c.describe(ctx, claimed)
		if err != nil {
			return nil, err
		}
		if slices.ContainsFunc(clusters, func(cl types.Cluster) bool { return deref(cl.Status) == "ACTIVE" }) {
			return clusters, nil
		}
	}
	var arns []string
	p := ecs.NewListClustersPaginator(c.api, &ecs.ListClustersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list clusters: %w", err)
		}
		arns = append(arns, page.ClusterArns...)
	}
	return c.describe(ctx, arns)
}

// claimed is the ARNs of the clusters the pass's tagging index says the
// identity claims (any address), sorted; none outside a pass.
func (c *clusterFinder) claimed(ctx context.Context, id desired.Identity) []string {
	tagged, err := c.index.OfType(ctx, "ecs", "cluster")
	if err != nil {
		return nil
	}
	var out []string
	for arn, tags := range tagged {
		if kit.Claim(id, tags) != "" {
			out = append(out, arn)
		}
	}
	slices.Sort(out)
	return out
}

// describe reads clusters with their tags and settings, describeBatch a
// call.
func (c *clusterFinder) describe(ctx context.Context, arns []string) ([]types.Cluster, error) {
	var clusters []types.Cluster
	for batch := range chunks(arns, describeBatch) {
		out, err := c.api.DescribeClusters(ctx, &ecs.DescribeClustersInput{
			Clusters: batch,
			Include:  []types.ClusterField{types.ClusterFieldTags, types.ClusterFieldSettings},
		})
		if err != nil {
			return nil, fmt.Errorf("describe clusters: %w", err)
		}
		clusters = append(clusters, out.Clusters...)
	}
	return clusters, nil
}

// describeBatch is DescribeClusters' limit of clusters per call.
const describeBatch = 100

// find returns the cluster's ARN, "" when the environment has none yet.
// Without a cached ARN it reads the clusters (all).
// The lock is not held while reading: kinds asking at once join the one
// read (all), and guess must not wait for it.
func (c *clusterFinder) find(ctx context.Context, id desired.Identity) (string, error) {
	c.mu.Lock()
	arn := c.arn
	c.mu.Unlock()
	if arn != "" {
		return arn, nil
	}
	clusters, err := c.all(ctx, id)
	if err != nil {
		return "", err
	}
	for _, cl := range clusters {
		if kit.Claim(id, tagMap(cl.Tags)) != "" && deref(cl.Status) == "ACTIVE" {
			c.mu.Lock()
			c.arn = deref(cl.ClusterArn)
			c.mu.Unlock()
			return deref(cl.ClusterArn), nil
		}
	}
	return "", nil
}

// guess is the ARN of the one cluster the pass's tagging index says the
// environment claims, "" when the ARN is already known (find answers at
// once), or the index says nothing or too much. Unverified: the index can
// hold a deleted cluster; find confirms it.
func (c *clusterFinder) guess(ctx context.Context, id desired.Identity) string {
	c.mu.Lock()
	known := c.arn != ""
	c.mu.Unlock()
	if known {
		return ""
	}
	claimed := c.claimed(ctx, id)
	if len(claimed) != 1 {
		return ""
	}
	return claimed[0]
}

// forget drops the cached ARN after ECS answered ClusterNotFound.
func (c *clusterFinder) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.arn = ""
}

func chunks[T any](s []T, n int) func(func([]T) bool) {
	return func(yield func([]T) bool) {
		for i := 0; i < len(s); i += n {
			if !yield(s[i:min(i+n, len(s))]) {
				return
			}
		}
	}
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
