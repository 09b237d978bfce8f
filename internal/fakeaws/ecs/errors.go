package ecs

import "github.com/everruns/reconciler/internal/fakeaws/core"

// The error codes and messages below are those the ECS API reference lists
// for each operation (Common errors plus the operation's own); the messages
// are the ones AWS returns, as quoted in AWS's forums and issue trackers.

func errClusterNotFound() error {
	return core.BadRequest("ClusterNotFoundException", "Cluster not found.")
}

func errServiceNotFound() error {
	return core.BadRequest("ServiceNotFoundException", "Service not found.")
}

func errServiceNotActive() error {
	return core.BadRequest("ServiceNotActiveException", "Service was not ACTIVE.")
}

func errInvalid(format string, args ...any) error {
	return core.BadRequest("InvalidParameterException", format, args...)
}

func errClient(format string, args ...any) error {
	return core.BadRequest("ClientException", format, args...)
}
