package logs

import "github.com/everruns/reconciler/internal/adapters/kit"

// Errors is CloudWatch Logs' error table, from the Errors sections of
// CreateLogGroup, DescribeLogGroups, PutRetentionPolicy,
// DeleteRetentionPolicy, ListTagsForResource, TagResource, UntagResource
// and DeleteLogGroup.
var Errors = kit.ErrorTable{
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
