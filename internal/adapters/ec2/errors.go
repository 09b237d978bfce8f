package ec2

import (
	"github.com/everruns/reconciler/internal/adapters/kit"
)

// Errors is EC2's error table, from the EC2 API reference's error codes
// page: what Observe and Delete read as "gone", what the engine polls,
// and what it must not retry.
var Errors = kit.ErrorTable{
	Service: "EC2",
	NotFound: []string{
		"InvalidVpcID.NotFound", "InvalidSubnetID.NotFound", "InvalidInternetGatewayID.NotFound",
		"InvalidAllocationID.NotFound", "InvalidAddress.NotFound", "NatGatewayNotFound",
		"InvalidNatGatewayID.NotFound", "InvalidRouteTableID.NotFound", "InvalidRoute.NotFound",
		"InvalidAssociationID.NotFound", "InvalidGroup.NotFound", "InvalidGroupId.NotFound",
		"InvalidPermission.NotFound", "InvalidSecurityGroupRuleId.NotFound",
	},
	NotReady: []string{"IncorrectState", "IncorrectInstanceState", "InvalidState"},
	// DependencyViolation: something still uses the resource (a NAT in
	// the subnet). Retrying cannot free it; the engine refuses to replace a
	// resource whose dependents exist rather than retry a delete for
	// nothing.
	Terminal: []string{"DependencyViolation", "InvalidParameterValue", "InvalidParameterCombination", "UnauthorizedOperation"},
}

// badInput is an error in what the adapter was given (a wrong type, an
// unresolved ref, a change no API makes): terminal.
func badInput(format string, args ...any) error { return kit.BadInput(format, args...) }
