package dynamodb

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"strconv"
	"unicode/utf8"

	v1 "github.com/aws/aws-sdk-go/service/dynamodb"
)

// sizeOf is the size() function: the length of a string (characters) or
// binary (bytes), or the number of elements of a set, list or map.
func sizeOf(v *v1.AttributeValue) *v1.AttributeValue {
	if v == nil {
		return nil
	}
	var n int
	switch typeOf(v) {
	case "S":
		n = utf8.RuneCountInString(*v.S)
	case "B":
		n = len(v.B)
	case "SS":
		n = len(v.SS)
	case "NS":
		n = len(v.NS)
	case "BS":
		n = len(v.BS)
	case "L":
		n = len(v.L)
	case "M":
		n = len(v.M)
	default:
		return nil
	}
	s := strconv.Itoa(n)
	return &v1.AttributeValue{N: &s}
}
