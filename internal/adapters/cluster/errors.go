package cluster

import "github.com/everruns/reconciler/internal/adapters/kit"

// ECSErrors is ECS's error table, from the Errors sections of the
// operations the cluster adapter calls (CreateCluster, DescribeClusters,
// ListClusters, UpdateClusterSettings, TagResource, UntagResource,
// DeleteCluster) and the ECS common errors. ServerException is among the
// common transient codes. It is ECS's one table (a registry holds one per
// service): the workload tier (internal/adapters/ecs) uses it too, and its
// operations' codes are here (services, task definitions, tasks).
var ECSErrors = kit.ErrorTable{
	Service: "ECS",
	// ServiceNotActiveException: the service is draining or inactive,
	// which Observe reports as absent.
	NotFound: []string{"ClusterNotFoundException", "ResourceNotFoundException",
		"ServiceNotFoundException", "ServiceNotActiveException", "TargetNotFoundException"},
	// A cluster still holding services or tasks that are draining frees
	// itself; an update in progress finishes.
	NotReady: []string{"ClusterContainsServicesException", "ClusterContainsTasksException", "UpdateInProgressException", "ResourceInUseException"},
	Terminal: []string{
		"ClientException", "InvalidParameterException", "AccessDeniedException", "NamespaceNotFoundException",
		"LimitExceededException", "ClusterContainsContainerInstancesException", "ClusterContainsCapacityProviderException",
		// The workload tier's: a platform or feature ECS refuses, a RunTask
		// clientToken reused with other parameters, a blocked account.
		"PlatformUnknownException", "PlatformTaskDefinitionIncompatibilityException",
		"UnsupportedFeatureException", "ConflictException", "BlockedException",
	},
}

// LogsErrors is CloudWatch Logs' error table, from the Errors sections of
// CreateLogGroup, DescribeLogGroups, PutRetentionPolicy,
// DeleteRetentionPolicy, ListTagsForResource, TagResource, UntagResource
// and DeleteLogGroup.
var LogsErrors = kit.ErrorTable{
	Service:  "CloudWatch Logs",
	NotFound: []string{"ResourceNotFoundException"},
	// "Multiple concurrent requests to update the same resource were in
	// conflict": trying again succeeds.
	Transient: []string{"OperationAbortedException"},
	Terminal: []string{
		"InvalidParameterException", "LimitExceededException", "ResourceAlreadyExistsException",
		"TooManyTagsException", "AccessDeniedException", "UnrecognizedClientException", "ValidationException",
	},
}
