package awsconfig

import (
	"errors"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"

	"github.com/everruns/reconciler/pkg/reconcile"
)

// transientCodes are AWS error codes that trying again later can fix. The
// SDK's retryer already retried throttling and 5xx within one call; the
// engine retries them again, more slowly, across calls.
var transientCodes = map[string]bool{
	// Throttling, by service dialect.
	"Throttling": true, "ThrottlingException": true, "RequestLimitExceeded": true,
	"TooManyRequestsException": true, "RequestThrottled": true, "RequestThrottledException": true,
	"ProvisionedThroughputExceededException": true, "SlowDown": true,
	// Server side.
	"InternalFailure": true, "InternalError": true, "ServiceUnavailable": true,
	"ServiceUnavailableException": true, "ServerException": true, "Unavailable": true,
	// A dependency still in use, released by work in progress elsewhere.
	"DependencyViolation": true, "ResourceInUse": true, "ResourceInUseException": true,
	"ConcurrentModificationException": true, "OperationAbortedException": true,
}

// notReadyCodes say the resource is in a state that forbids the call for
// now (modifying, creating): the engine polls instead of backing off.
var notReadyCodes = map[string]bool{
	"IncorrectState": true, "IncorrectInstanceState": true, "InvalidDBInstanceState": true,
	"InvalidDBInstanceStateFault": true, "InvalidStateException": true, "InvalidState": true,
}

// Classify tells the engine what to do with an AWS error, in one place:
// throttling, server errors, transport errors and EC2's eventual
// consistency (an ID just created may be "NotFound" for a few seconds, as
// the EC2 API reference warns) are transient; a resource in a passing state
// is not ready; any other error AWS answered with a code is terminal, since
// the same request will be refused again.
func Classify(err error) reconcile.Class {
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		return reconcile.ClassTransient // never reached AWS's error format
	}
	code := apiErr.ErrorCode()
	switch {
	case transientCodes[code]:
		return reconcile.ClassTransient
	case notReadyCodes[code]:
		return reconcile.ClassNotReady
	case strings.HasPrefix(code, "Invalid") && strings.HasSuffix(code, ".NotFound"),
		code == "NatGatewayNotFound":
		return reconcile.ClassTransient
	}
	var respErr *awshttp.ResponseError
	if errors.As(err, &respErr) && respErr.HTTPStatusCode() >= 500 {
		return reconcile.ClassTransient
	}
	return reconcile.ClassTerminal
}
