// Package servicediscovery holds the adapters of AWS Cloud Map (API
// servicediscovery, kinds servicediscovery.*): the private DNS
// namespace (servicediscovery.private_dns_namespace) and the discovery
// services ECS services register their tasks in
// (servicediscovery.service).
package servicediscovery

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	sd "github.com/aws/aws-sdk-go-v2/service/servicediscovery"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/internal/adapters/tagging"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// Kinds returns the tier's adapters keyed by kind name. They share one
// listing of namespaces (namespaces.go).
func Kinds(api API, opts ...Option) map[string]reconcile.Kind {
	w := defaultWaiter()
	for _, o := range opts {
		o(&w)
	}
	lists := &namespaceLists{}
	return map[string]reconcile.Kind{
		names.KindNamespace:        namespaceKind{api, w, lists},
		names.KindDiscoveryService: serviceKind{api, w, lists},
	}
}

// Register adds the Cloud Map adapters and the service's error table.
func Register(reg *kit.Registry, cfg aws.Config) error {
	for kind, k := range Kinds(WithIndex(sd.NewFromConfig(cfg), tagging.New(cfg))) {
		if err := reg.Add(kind, k); err != nil {
			return err
		}
	}
	if err := reg.AddOperations(Operations); err != nil {
		return err
	}
	return reg.AddErrors(Errors)
}

// Errors is Cloud Map's error table, from the Errors sections of
// CreatePrivateDnsNamespace, ListNamespaces, GetNamespace,
// DeleteNamespace, GetOperation, CreateService, ListServices,
// UpdateService, DeleteService and Tag/Untag/ListTagsForResource.
var Errors = kit.ErrorTable{
	Service:  "ServiceDiscovery",
	NotFound: []string{"NamespaceNotFound", "ServiceNotFound", "ResourceNotFoundException", "OperationNotFound"},
	// ResourceInUse: a service still has instances (ECS deregisters them
	// as its tasks stop) or a namespace still has services. DuplicateRequest:
	// an operation on the same resource is in progress.
	NotReady: []string{"ResourceInUse", "DuplicateRequest"},
	Terminal: []string{
		"InvalidInput", "NamespaceAlreadyExists", "ServiceAlreadyExists", "ResourceLimitExceeded",
		"TooManyTagsException", "AccessDeniedException", "CustomHealthNotFound",
	},
}
