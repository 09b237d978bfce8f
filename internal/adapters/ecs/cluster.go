package ecs

import (
	"context"
	"fmt"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
)

// clusterFinder finds the environment's cluster by its tags (the cluster
// tier creates it) and remembers its ARN: services and tasks are listed
// per cluster, and a cluster does not move. A cluster that disappears is
// forgotten when ECS says so (forget).
type clusterFinder struct {
	api api
	mu  sync.Mutex
	arn string
}

// find returns the cluster's ARN, "" when the environment has none yet.
// Without a cached ARN it costs one ListClusters and one DescribeClusters
// per 100 clusters of the account.
func (c *clusterFinder) find(ctx context.Context, id desired.Identity) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.arn != "" {
		return c.arn, nil
	}
	p := ecs.NewListClustersPaginator(c.api, &ecs.ListClustersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return "", fmt.Errorf("list clusters: %w", err)
		}
		for batch := range chunks(page.ClusterArns, 100) {
			out, err := c.api.DescribeClusters(ctx, &ecs.DescribeClustersInput{Clusters: batch, Include: []types.ClusterField{types.ClusterFieldTags}})
			if err != nil {
				return "", fmt.Errorf("describe clusters: %w", err)
			}
			for _, cl := range out.Clusters {
				if kit.Claim(id, tagMap(cl.Tags)) != "" && deref(cl.Status) == "ACTIVE" {
					c.arn = deref(cl.ClusterArn)
					return c.arn, nil
				}
			}
		}
	}
	return "", nil
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
