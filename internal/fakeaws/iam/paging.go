package iam

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"github.com/aws/aws-sdk-go/aws"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// page applies IAM's Marker/MaxItems paging (default 100, at most 1000) to
// n sorted items; the returned marker is nil on the last page.
func page(n int, marker *string, maxItems *int64) (start, end int, next *string, err error) {
	max := int(aws.Int64Value(maxItems))
	if maxItems != nil && (max < 1 || max > 1000) {
		return 0, 0, nil, validationError("1 validation error detected: Value '%d' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000", max)
	}
	start, end, tok, err := core.Page(n, aws.StringValue(marker), max, 100)
	if err != nil {
		return 0, 0, nil, invalidInput("Invalid Marker.")
	}
	if tok != "" {
		next = aws.String(tok)
	}
	return start, end, next, nil
}
