package ecs

import (
	"github.com/everruns/reconciler/internal/adapters/kit"
)

// Errors is ECS's error table, from the Errors sections of the operations
// the adapters call (API_RegisterTaskDefinition, API_CreateService,
// API_UpdateService, API_RunTask, API_DescribeTasks …).
var Errors = kit.ErrorTable{
	Service: "ECS",
	// ServiceNotActiveException: the service is draining or inactive,
	// which Observe reports as absent.
	NotFound: []string{"ClusterNotFoundException", "ServiceNotFoundException", "ServiceNotActiveException", "TargetNotFoundException"},
	// A service or cluster still settling a previous change.
	NotReady:  []string{"ClusterContainsTasksException", "ResourceInUseException", "UpdateInProgressException"},
	Transient: []string{"ServerException", "LimitExceededException"},
	// ClientException covers bad input and missing permissions alike;
	// InvalidParameterException a value ECS refuses; neither improves by
	// retrying. ConflictException: a RunTask clientToken reused with other
	// parameters.
	Terminal: []string{"ClientException", "InvalidParameterException", "AccessDeniedException",
		"PlatformUnknownException", "PlatformTaskDefinitionIncompatibilityException",
		"UnsupportedFeatureException", "ConflictException", "BlockedException"},
}
