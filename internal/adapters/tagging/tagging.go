// Package tagging reads the Resource Groups Tagging API for the other
// adapter packages: one paginated GetResources per pass answers the tags
// of every load balancer resource, RDS group, log group, Cloud Map
// namespace and service, certificate, task definition revision, ECS
// cluster and ECS service, where each service's own API answers tags one
// resource (ELBv2: 20) at a time, and names the ECS resources the
// environment claims without listing them.
//
// The index is read once per pass (reconcile.Shared) and only inside a
// pass: outside one (a kind observed alone while apply waits) a service's
// own tag read is what answers, as before. The index can lag behind a
// resource just created or tagged (AWS documents the tagging API as
// eventually consistent): a resource it does not hold is read through its
// service's own API, so a new resource is never missed.
package tagging

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	rgt "github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi"

	"github.com/everruns/reconciler/pkg/reconcile"
)

// Operation is the call, as the adapters' operation tables write it.
const Operation = "tagging:GetResources"

// API is the part of the tagging client the index calls.
type API interface {
	GetResources(context.Context, *rgt.GetResourcesInput, ...func(*rgt.Options)) (*rgt.GetResourcesOutput, error)
}

// types are the resource types whose tags the adapters read from the
// index. One list for every caller: the pass reads it once.
var types = []string{
	"elasticloadbalancing:loadbalancer", "elasticloadbalancing:targetgroup",
	"elasticloadbalancing:listener", "elasticloadbalancing:listener-rule",
	"rds:subgrp", "rds:pg", "logs:log-group", "servicediscovery:namespace",
	"servicediscovery:service", "acm:certificate", "ecs:task-definition", "ecs:cluster", "ecs:service",
}

// perPage is GetResources's largest page.
const perPage = 100

// Index answers tags from the pass's one GetResources.
type Index struct {
	api API
	mu  sync.Mutex
	// changed are the ARNs whose tags this process wrote: the index may
	// not show the write yet, so it never answers for them.
	changed map[string]bool
}

// New is an index over the tagging API of cfg.
func New(cfg aws.Config) *Index { return NewWith(rgt.NewFromConfig(cfg)) }

// NewWith is an index over api (tests).
func NewWith(api API) *Index { return &Index{api: api, changed: map[string]bool{}} }

// Changed records that this process wrote the tags of arns: AWS's index
// is eventually consistent, so from now on their tags are read through
// their service (an apply's verification must see its own writes).
func (x *Index) Changed(arns ...string) {
	if x == nil {
		return
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, a := range arns {
		x.changed[a] = true
	}
}

func (x *Index) wrote(arn string) bool {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.changed[arn]
}

// Tags is the tags of every ARN the index holds, of arns: the pass's
// index, read on first use. Outside a pass it answers nothing and calls
// nothing. An ARN absent from the answer must be read through its
// service.
func (x *Index) Tags(ctx context.Context, arns []string) (map[string]map[string]string, error) {
	if x == nil || !reconcile.InPass(ctx) {
		return nil, nil
	}
	all, err := reconcile.Shared(ctx, Operation, x.read)
	if err != nil {
		return nil, err
	}
	out := make(map[string]map[string]string, len(arns))
	for _, a := range arns {
		if t, ok := all[a]; ok && !x.wrote(a) {
			out[a] = t
		}
	}
	return out, nil
}

// OfType is the tags of every resource the index holds of one type, by
// ARN: service and resource type as in arn:aws:SERVICE:…:TYPE/… (only a
// type of the index's list). Outside a pass it answers nothing.
func (x *Index) OfType(ctx context.Context, service, typ string) (map[string]map[string]string, error) {
	if x == nil || !reconcile.InPass(ctx) {
		return nil, nil
	}
	all, err := reconcile.Shared(ctx, Operation, x.read)
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]string{}
	for arn, tags := range all {
		parts := strings.SplitN(arn, ":", 6)
		if len(parts) == 6 && parts[2] == service && (strings.HasPrefix(parts[5], typ+"/") || strings.HasPrefix(parts[5], typ+":")) && !x.wrote(arn) {
			out[arn] = tags
		}
	}
	return out, nil
}

// Prefetch starts the pass's read of the index, if none has started, and
// returns at once: a kind calls it as it starts the listing whose tags it
// will ask next, so that the two reads run side by side rather than one
// after the other (a round trip less).
func (x *Index) Prefetch(ctx context.Context) {
	if x == nil || !reconcile.InPass(ctx) {
		return
	}
	go func() { _, _ = reconcile.Shared(ctx, Operation, x.read) }()
}

// read is every tagged resource of the types, all projects alike: a
// resource of another project is then answered here too, not read again
// through its service, and Claim tells it apart.
func (x *Index) read(ctx context.Context) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	p := rgt.NewGetResourcesPaginator(x.api, &rgt.GetResourcesInput{ResourceTypeFilters: types, ResourcesPerPage: aws.Int32(perPage)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("get tagged resources: %w", err)
		}
		for _, m := range page.ResourceTagMappingList {
			tags := make(map[string]string, len(m.Tags))
			for _, t := range m.Tags {
				tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
			}
			out[aws.ToString(m.ResourceARN)] = tags
		}
	}
	return out, nil
}
