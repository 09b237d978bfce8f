package servicediscovery

import (
	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/internal/adapters/tagging"
	"github.com/everruns/reconciler/pkg/desired/names"
)

// Operations are the Cloud Map operations each kind calls
// (kit.Operations). Creates, updates and deletes are asynchronous: each
// is followed by GetOperation.
var Operations = map[string]kit.Operations{
	names.KindNamespace: {
		Observe: []string{"servicediscovery:ListNamespaces", "servicediscovery:GetNamespace", "servicediscovery:ListTagsForResource", tagging.Operation},
		Change: []string{"servicediscovery:CreatePrivateDnsNamespace", "servicediscovery:GetOperation",
			"servicediscovery:TagResource", "servicediscovery:UntagResource"},
		Delete: []string{"servicediscovery:DeleteNamespace", "servicediscovery:GetOperation"},
	},
	names.KindDiscoveryService: {
		Observe: []string{"servicediscovery:ListNamespaces", "servicediscovery:ListServices", "servicediscovery:ListTagsForResource", tagging.Operation},
		Change: []string{"servicediscovery:CreateService", "servicediscovery:UpdateService", "servicediscovery:GetOperation",
			"servicediscovery:TagResource", "servicediscovery:UntagResource"},
		Delete: []string{"servicediscovery:DeleteService"},
	},
}
