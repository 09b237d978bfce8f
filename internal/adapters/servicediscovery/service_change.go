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
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// Create makes the service, synchronously, with its DNS records, routing
// policy, custom health check and tags. The CreatorRequestId from the
// address makes a retry after a lost answer return the first service.
func (k serviceKind) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	d := names.DiscoveryService
	name, err := kit.String(r.Fields, d.Name)
	if err != nil {
		return reconcile.Live{}, err
	}
	ns, err := kit.String(r.Fields, d.NamespaceID)
	if err != nil {
		return reconcile.Live{}, err
	}
	policy, err := kit.String(r.Fields, d.RoutingPolicy)
	if err != nil {
		return reconcile.Live{}, err
	}
	threshold, err := kit.Int(r.Fields, d.FailureThreshold)
	if err != nil {
		return reconcile.Live{}, err
	}
	if threshold != 1 {
		// FailureThreshold is deprecated: "It will always have value 1".
		return reconcile.Live{}, kit.BadInput("field %s: Cloud Map fixes it at 1, got %d", d.FailureThreshold, threshold)
	}
	records, err := dnsRecords(r)
	if err != nil {
		return reconcile.Live{}, err
	}
	tags, err := kit.Tags(id, r)
	if err != nil {
		return reconcile.Live{}, err
	}
	tok, err := token(id, r, "")
	if err != nil {
		return reconcile.Live{}, err
	}
	out, err := k.api.CreateService(ctx, &sd.CreateServiceInput{
		Name: aws.String(name), NamespaceId: aws.String(ns), CreatorRequestId: tok, Tags: toTags(tags),
		DnsConfig:               &types.DnsConfig{RoutingPolicy: types.RoutingPolicy(policy), DnsRecords: records},
		HealthCheckCustomConfig: &types.HealthCheckCustomConfig{}, // ECS reports task health to it
	})
	if err != nil {
		return reconcile.Live{}, fmt.Errorf("create discovery service: %w", err)
	}
	s := out.Service
	return serviceLive(types.ServiceSummary{Id: s.Id, Arn: s.Arn, Name: s.Name, DnsConfig: s.DnsConfig,
		HealthCheckCustomConfig: s.HealthCheckCustomConfig}, aws.ToString(s.NamespaceId), tags), nil
}

// dnsRecords reads dns_records: a list of {type, ttl}.
func dnsRecords(r desired.Resource) ([]types.DnsRecord, error) {
	f := names.DiscoveryService.DNSRecords
	list, ok := r.Fields[f].([]any)
	if !ok {
		return nil, kit.BadInput("field %s: want a list, got %T", f, r.Fields[f])
	}
	out := make([]types.DnsRecord, 0, len(list))
	for _, e := range list {
		m, ok := e.(map[string]any)
		if !ok {
			return nil, kit.BadInput("field %s: want maps, got a %T element", f, e)
		}
		typ, err := kit.String(m, names.DNSRecord.Type)
		if err != nil {
			return nil, err
		}
		ttl, err := kit.Int(m, names.DNSRecord.TTL)
		if err != nil {
			return nil, err
		}
		out = append(out, types.DnsRecord{Type: types.RecordType(typ), TTL: aws.Int64(ttl)})
	}
	return out, nil
}

// steps: the records (UpdateService, asynchronous: waited for, so the
// next diff sees the change), then tags.
func (k serviceKind) steps() kit.Steps {
	return kit.Steps{
		kit.On(k.updateRecords, names.DiscoveryService.DNSRecords),
		kit.On(func(ctx context.Context, c kit.Change) error { return tag(ctx, k.api, c) }, names.DiscoveryService.Tags),
	}
}

func (k serviceKind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	return k.steps().Run(ctx, kit.Change{ID: id, Want: r, Live: live, Delta: delta})
}

func (k serviceKind) updateRecords(ctx context.Context, c kit.Change) error {
	records, err := dnsRecords(c.Want)
	if err != nil {
		return err
	}
	out, err := k.api.UpdateService(ctx, &sd.UpdateServiceInput{Id: aws.String(c.Live.ID),
		Service: &types.ServiceChange{DnsConfig: &types.DnsConfigChange{DnsRecords: records}}})
	if err != nil {
		return fmt.Errorf("update discovery service: %w", err)
	}
	op, err := k.w.wait(ctx, k.api, aws.ToString(out.OperationId))
	if err != nil {
		return err
	}
	if op.Status == types.OperationStatusFail {
		return failure(op)
	}
	return nil
}

// Delete removes the service (a replacement). Cloud Map refuses while
// instances are registered (ResourceInUse, polled by the engine).
func (k serviceKind) Delete(ctx context.Context, live reconcile.Live) error {
	_, err := k.api.DeleteService(ctx, &sd.DeleteServiceInput{Id: aws.String(live.ID)})
	if err = Errors.IgnoreNotFound(err); err != nil {
		return fmt.Errorf("delete discovery service: %w", err)
	}
	return nil
}
