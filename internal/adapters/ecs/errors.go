package ecs

import "github.com/everruns/reconciler/internal/adapters/kit"

// Errors is ECS's error table (a registry holds one per service), from
// the Errors sections of the operations this package calls: the cluster's
// (CreateCluster, DescribeClusters, ListClusters, UpdateClusterSettings,
// TagResource, UntagResource, DeleteCluster), the services', the task
// definitions' and the tasks', and the ECS common errors. ServerException
// is among the common transient codes.
var Errors = kit.ErrorTable{
	Service: "ECS",
	// ServiceNotActiveException: the service is draining or inactive,
	// which Observe reports as absent.
	NotFound: []string{"ClusterNotFoundException", "ResourceNotFoundException",
		"ServiceNotFoundException", "ServiceNotActiveException", "TargetNotFoundException"},
	// A cluster still holding services or tasks that are draining frees
	// itself; an update in progress finishes.
	NotReady: []string{"ClusterContainsServicesException", "ClusterContainsTasksException", "UpdateInProgressException", "ResourceInUseException"},
	// CreateService of a name whose service was deleted and still drains
	// answers InvalidParameterException "Unable to Start a service that is
	// still Draining.": the name is free once the service is INACTIVE.
	NotReadyWhen: []kit.Message{{Code: "InvalidParameterException", Contains: "still Draining"}},
	Terminal: []string{
		"ClientException", "InvalidParameterException", "AccessDeniedException", "NamespaceNotFoundException",
		"LimitExceededException", "ClusterContainsContainerInstancesException", "ClusterContainsCapacityProviderException",
		// Services' and tasks': a platform or feature ECS refuses, a RunTask
		// clientToken reused with other parameters, a blocked account.
		"PlatformUnknownException", "PlatformTaskDefinitionIncompatibilityException",
		"UnsupportedFeatureException", "ConflictException", "BlockedException",
	},
}
