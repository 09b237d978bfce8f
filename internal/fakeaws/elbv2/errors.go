package elbv2

import "github.com/everruns/reconciler/internal/fakeaws/core"

// The error codes below are those the API reference lists per operation;
// all are HTTP 400 (ELBv2 answers not-found with 400 too).

func validation(format string, args ...any) error {
	return core.BadRequest("ValidationError", format, args...)
}

func invalidConfig(format string, args ...any) error {
	return core.BadRequest("InvalidConfigurationRequest", format, args...)
}

func lbNotFound() error {
	return core.NotFound("LoadBalancerNotFound", "One or more load balancers not found")
}

func tgNotFound() error {
	return core.NotFound("TargetGroupNotFound", "One or more target groups not found")
}

func listenerNotFound() error {
	return core.NotFound("ListenerNotFound", "One or more listeners not found")
}

func ruleNotFound() error {
	return core.NotFound("RuleNotFound", "One or more rules not found")
}

func notPermitted(format string, args ...any) error {
	return core.BadRequest("OperationNotPermitted", format, args...)
}

func resourceInUse(format string, args ...any) error {
	return core.BadRequest("ResourceInUse", format, args...)
}

func invalidAction(format string, args ...any) error {
	return core.BadRequest("InvalidLoadBalancerAction", format, args...)
}
