package acm

import "github.com/everruns/reconciler/internal/adapters/kit"

// Errors is ACM's error table, from the Errors section of each operation
// this package calls in the ACM API reference (ListCertificates,
// ListTagsForCertificate, DescribeCertificate, RequestCertificate,
// AddTagsToCertificate, RemoveTagsFromCertificate, DeleteCertificate).
var Errors = kit.ErrorTable{
	Service:  "ACM",
	NotFound: []string{"ResourceNotFoundException"},
	// ConflictException: "already being created or updated. Wait for the
	// previous operation to finish and try again."
	NotReady: []string{"ConflictException", "RequestInProgressException"},
	// ResourceInUseException: a certificate a load balancer uses cannot
	// be deleted until it is detached; retrying cannot detach it.
	Terminal: []string{
		"ResourceInUseException", "InvalidArnException", "InvalidArgsException",
		"InvalidDomainValidationOptionsException", "InvalidParameterException", "InvalidTagException",
		"InvalidStateException", "TooManyTagsException", "TagPolicyException", "LimitExceededException",
		"ValidationException", "AccessDeniedException",
	},
}
