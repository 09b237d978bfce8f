package servicediscovery

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/servicediscovery"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// filter is the common form of NamespaceFilter, ServiceFilter and
// OperationFilter.
type filter struct {
	name, cond string
	values     []string
}

func toFilters[F v1.NamespaceFilter | v1.ServiceFilter | v1.OperationFilter](in []*F) []filter {
	out := make([]filter, 0, len(in))
	for _, f := range in {
		var x filter
		switch v := any(f).(type) {
		case *v1.NamespaceFilter:
			x = filter{aws.StringValue(v.Name), aws.StringValue(v.Condition), aws.StringValueSlice(v.Values)}
		case *v1.ServiceFilter:
			x = filter{aws.StringValue(v.Name), aws.StringValue(v.Condition), aws.StringValueSlice(v.Values)}
		case *v1.OperationFilter:
			x = filter{aws.StringValue(v.Name), aws.StringValue(v.Condition), aws.StringValueSlice(v.Values)}
		}
		if x.cond == "" {
			x.cond = "EQ"
		}
		out = append(out, x)
	}
	return out
}

// matchAll applies every filter to the named fields of one item. A filter
// on a name the item lacks is InvalidInput; EQ takes exactly one value.
func matchAll(filters []filter, fields map[string]string) (bool, error) {
	for _, f := range filters {
		v, ok := fields[f.name]
		if !ok {
			return false, invalidInput("Filter name '%s' is not valid for this operation", f.name)
		}
		if len(f.values) == 0 || (f.cond == "EQ" && len(f.values) != 1) {
			return false, invalidInput("Filter %s with condition %s has a wrong number of values", f.name, f.cond)
		}
		var hit bool
		switch f.cond {
		case "EQ", "IN":
			hit = slices.Contains(f.values, v)
		case "BEGINS_WITH":
			hit = strings.HasPrefix(v, f.values[0])
		default:
			return false, invalidInput("Filter condition '%s' is not valid", f.cond)
		}
		if !hit {
			return false, nil
		}
	}
	return true, nil
}

// page applies NextToken/MaxResults (1–100) paging.
func page(n int, token *string, maxResults *int64) (start, end int, next *string, err error) {
	max := 0
	if maxResults != nil {
		if *maxResults < 1 || *maxResults > 100 {
			return 0, 0, nil, invalidInput("MaxResults must be between 1 and 100")
		}
		max = int(*maxResults)
	}
	start, end, tok, err := core.Page(n, aws.StringValue(token), max, 100)
	if err != nil {
		return 0, 0, nil, invalidInput("NextToken is not valid")
	}
	if tok != "" {
		next = &tok
	}
	return start, end, next, nil
}
