package servicediscovery

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	sd "github.com/aws/aws-sdk-go-v2/service/servicediscovery"
	"github.com/aws/aws-sdk-go-v2/service/servicediscovery/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// serviceKind manages servicediscovery.service: name*, namespace_id*,
// dns_records (TTL changeable), routing_policy*, failure_threshold*,
// tags. Its ID is the service ID; attribute arn is what an ECS service's
// registry takes.
type serviceKind struct {
	api   API
	w     waiter
	lists *namespaceLists
}

type taggedService struct {
	svc       types.ServiceSummary
	namespace string
	tags      map[string]string
}

// Observe lists the private DNS namespaces, then each one's services
// (ListServices filtered by NAMESPACE_ID: a service summary does not say
// which namespace it is in), then each service's tags — the exception
// Cloud Map forces, as for namespaces: its listings carry no tags. A
// region with n private namespaces and s services in them costs about
// 1 + n + s calls, the 1 shared with the namespace kind when both
// observe at once.
func (k serviceKind) Observe(ctx context.Context, id desired.Identity) (map[desired.Address]reconcile.Live, error) {
	nss, err := listNamespaces(ctx, k.lists, k.api)
	if err != nil {
		return nil, err
	}
	var all []taggedService
	for _, ns := range nss {
		svcs, err := k.services(ctx, aws.ToString(ns.Id))
		if err != nil {
			return nil, err
		}
		all = append(all, svcs...)
	}
	return kit.Collect(ctx, id, "discovery services", kit.Items(all), func(t taggedService) map[string]string { return t.tags },
		kit.Always(func(t taggedService) reconcile.Live { return serviceLive(t.svc, t.namespace, t.tags) }))
}

func (k serviceKind) services(ctx context.Context, namespace string) ([]taggedService, error) {
	var out []taggedService
	p := sd.NewListServicesPaginator(k.api, &sd.ListServicesInput{Filters: []types.ServiceFilter{
		{Name: types.ServiceFilterNameNamespaceId, Values: []string{namespace}, Condition: types.FilterConditionEq},
	}})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list services of namespace %s: %w", namespace, err)
		}
		for _, s := range page.Services {
			tags, ok, err := tagsOf(ctx, k.api, aws.ToString(s.Arn))
			if err != nil {
				return nil, fmt.Errorf("service %s: %w", aws.ToString(s.Id), err)
			}
			if ok {
				out = append(out, taggedService{s, namespace, tags})
			}
		}
	}
	return out, nil
}

func serviceLive(s types.ServiceSummary, namespace string, tags map[string]string) reconcile.Live {
	d := names.DiscoveryService
	var records []any
	policy := ""
	if s.DnsConfig != nil {
		policy = string(s.DnsConfig.RoutingPolicy)
		for _, r := range s.DnsConfig.DnsRecords {
			records = append(records, map[string]any{names.DNSRecord.Type: string(r.Type), names.DNSRecord.TTL: aws.ToInt64(r.TTL)})
		}
	}
	// With a custom health check Cloud Map's failure threshold is always
	// 1 (the configurable threshold is deprecated); without one, none.
	threshold := int64(0)
	if s.HealthCheckCustomConfig != nil {
		threshold = 1
	}
	return reconcile.Live{
		ID: aws.ToString(s.Id),
		Fields: map[string]any{
			d.Name: aws.ToString(s.Name), d.NamespaceID: namespace, d.DNSRecords: records,
			d.RoutingPolicy: policy, d.FailureThreshold: threshold, d.Tags: kit.Observed(tags),
		},
		Attrs: map[string]string{"arn": aws.ToString(s.Arn), "name": aws.ToString(s.Name)},
		Ready: true,
	}
}
