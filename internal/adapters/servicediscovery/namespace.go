package servicediscovery

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	sd "github.com/aws/aws-sdk-go-v2/service/servicediscovery"
	"github.com/aws/aws-sdk-go-v2/service/servicediscovery/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// namespaceKind manages servicediscovery.private_dns_namespace: name*,
// vpc_id*, tags. Its ID is the namespace ID, which discovery services
// are created in.
type namespaceKind struct {
	api   API
	w     waiter
	lists *namespaceLists
}

type taggedNamespace struct {
	ns   types.NamespaceSummary
	tags map[string]string
}

// Observe pages through ListNamespaces (private DNS only), then reads
// each namespace's tags. Exception to one batched read: Cloud Map's
// listings carry no tags and take no tag filter, so ListTagsForResource
// is called once per private DNS namespace of the region. A namespace
// still being created is not listed; a create that crashed mid-operation
// is found again by its CreatorRequestId (see Create).
func (k namespaceKind) Observe(ctx context.Context, id desired.Identity) (map[desired.Address]reconcile.Live, error) {
	nss, err := listNamespaces(ctx, k.lists, k.api)
	if err != nil {
		return nil, err
	}
	var all []taggedNamespace
	for _, ns := range nss {
		tags, ok, err := tagsOf(ctx, k.api, aws.ToString(ns.Arn))
		if err != nil {
			return nil, fmt.Errorf("namespace %s: %w", aws.ToString(ns.Id), err)
		}
		if ok {
			all = append(all, taggedNamespace{ns, tags})
		}
	}
	return kit.Collect(ctx, id, "namespaces", kit.Items(all), func(t taggedNamespace) map[string]string { return t.tags },
		kit.Always(func(t taggedNamespace) reconcile.Live { return namespaceLive(t.ns, t.tags) }))
}

// tagsOf reads a resource's tags; ok is false when it went meanwhile.
func tagsOf(ctx context.Context, api API, arn string) (map[string]string, bool, error) {
	out, err := api.ListTagsForResource(ctx, &sd.ListTagsForResourceInput{ResourceARN: aws.String(arn)})
	if Errors.IsNotFound(err) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("list tags: %w", err)
	}
	return fromTags(out.Tags), true, nil
}

func namespaceLive(ns types.NamespaceSummary, tags map[string]string) reconcile.Live {
	return reconcile.Live{
		ID: aws.ToString(ns.Id),
		Fields: map[string]any{
			names.Namespace.Name:  aws.ToString(ns.Name),
			names.Namespace.VPCID: vpcOf(aws.ToString(ns.Description)),
			names.Namespace.Tags:  kit.Observed(tags),
		},
		Attrs: map[string]string{"arn": aws.ToString(ns.Arn), "name": aws.ToString(ns.Name)},
		Ready: true, // listed only once its creation has succeeded
	}
}

// Cloud Map does not report a private namespace's VPC (it is an
// association of the Route 53 hosted zone, read only through Route 53's
// GetHostedZone). The adapter writes it in the namespace's description at
// create and reads it back from there, so vpc_id compares without a
// second service. The limit: a person re-associating the hosted zone in
// Route 53 is not seen; one editing the description is (vpc_id differs,
// and a replacement is proposed, refused without --allow-replace).
const vpcPrefix = "vpc: "

func description(vpc string) string { return "everruns-reconciler; " + vpcPrefix + vpc }

func vpcOf(desc string) string {
	_, vpc, ok := strings.Cut(desc, vpcPrefix)
	if !ok {
		return ""
	}
	return strings.Fields(vpc + " ")[0]
}
