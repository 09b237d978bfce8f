package lease

import (
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// expr collects the #names and :values one request uses; DynamoDB refuses
// a placeholder that no expression uses, so each request builds its own.
type expr struct {
	names  map[string]string
	values map[string]types.AttributeValue
}

func newExpr() *expr {
	return &expr{names: map[string]string{}, values: map[string]types.AttributeValue{}}
}

// n returns the placeholder of attribute attr.
func (e *expr) n(attr string) string {
	e.names["#"+attr] = attr
	return "#" + attr
}

// v returns a placeholder holding value.
func (e *expr) v(value types.AttributeValue) string {
	p := ":v" + strconv.Itoa(len(e.values))
	e.values[p] = value
	return p
}

// oneOf is the condition "attr is one of these strings".
func (e *expr) oneOf(attr string, values []string) string {
	ps := make([]string, len(values))
	for i, s := range values {
		ps[i] = e.v(str(s))
	}
	return e.n(attr) + " IN (" + strings.Join(ps, ", ") + ")"
}

// valuesOrNil is nil when no value is used: DynamoDB refuses an empty map.
func (e *expr) valuesOrNil() map[string]types.AttributeValue {
	if len(e.values) == 0 {
		return nil
	}
	return e.values
}
