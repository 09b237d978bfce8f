package servicediscovery

import (
	"context"
	"fmt"

	sd "github.com/aws/aws-sdk-go-v2/service/servicediscovery"
	"github.com/aws/aws-sdk-go-v2/service/servicediscovery/types"

	"github.com/everruns/reconciler/internal/adapters/concur"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// privateDNS lists only private DNS namespaces: the kind's own.
var privateDNS = []types.NamespaceFilter{{Name: types.NamespaceFilterNameType, Values: []string{string(types.NamespaceTypeDnsPrivate)}, Condition: types.FilterConditionEq}}

// namespaceLists shares the listing of private DNS namespaces between the
// two kinds, which both begin with it (concur.Flight): a pass lists them
// once, not once per kind. Nothing is kept after the read, and its error
// goes only to the kinds that shared it.
type namespaceLists = concur.Flight[[]types.NamespaceSummary]

// listNamespaces reads every private DNS namespace of the region. The
// listing takes no tag filter, so every identity asks the same question
// (one key).
func listNamespaces(ctx context.Context, lists *namespaceLists, api API) ([]types.NamespaceSummary, error) {
	key := string(types.NamespaceTypeDnsPrivate)
	return reconcile.Shared(ctx, "servicediscovery:ListNamespaces/"+key, func(ctx context.Context) ([]types.NamespaceSummary, error) {
		return lists.Do(ctx, key, func(ctx context.Context) ([]types.NamespaceSummary, error) { return readNamespaces(ctx, api) })
	})
}

// readNamespaces is one paginated ListNamespaces of the private DNS ones.
func readNamespaces(ctx context.Context, api API) ([]types.NamespaceSummary, error) {
	var all []types.NamespaceSummary
	p := sd.NewListNamespacesPaginator(api, &sd.ListNamespacesInput{Filters: privateDNS})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list namespaces: %w", err)
		}
		all = append(all, page.Namespaces...)
	}
	return all, nil
}
