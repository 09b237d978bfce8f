package dynamodb

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.
//lint:file-ignore ST1005 these errors carry DynamoDB's own messages, which start with a capital, to the client.

import (
	"fmt"
	"math/big"

	v1 "github.com/aws/aws-sdk-go/service/dynamodb"
)

var errOperandType = fmt.Errorf("An operand in the update expression has an incorrect data type")

// arithmetic is SET's "a + b" and "a - b", defined on numbers only.
func arithmetic(left, right valueFn, minus bool) valueFn {
	return func(it item) (*v1.AttributeValue, error) {
		a, err := left(it)
		if err != nil {
			return nil, err
		}
		b, err := right(it)
		if err != nil {
			return nil, err
		}
		if a.N == nil || b.N == nil {
			return nil, errOperandType
		}
		x, okx := number(*a.N)
		y, oky := number(*b.N)
		if !okx || !oky {
			return nil, errOperandType
		}
		if minus {
			y.Neg(y)
		}
		s := formatNumber(new(big.Rat).Add(x, y))
		return &v1.AttributeValue{N: &s}, nil
	}
}

// add is the ADD action: number plus number, or set union.
func add(old, v *v1.AttributeValue) (*v1.AttributeValue, error) {
	switch {
	case v.N != nil:
		sum, ok := number(*v.N)
		if !ok {
			return nil, errOperandType
		}
		if old != nil {
			o, ok := number(aString(old.N))
			if old.N == nil || !ok {
				return nil, errOperandType
			}
			sum.Add(sum, o)
		}
		s := formatNumber(sum)
		return &v1.AttributeValue{N: &s}, nil
	case v.SS != nil:
		if old != nil && old.SS == nil {
			return nil, errOperandType
		}
		return &v1.AttributeValue{SS: union(oldSS(old), v.SS)}, nil
	case v.NS != nil:
		if old != nil && old.NS == nil {
			return nil, errOperandType
		}
		var prev []*string
		if old != nil {
			prev = old.NS
		}
		return &v1.AttributeValue{NS: union(prev, v.NS)}, nil
	}
	return nil, fmt.Errorf("Incorrect operand type for operator or function; operator: ADD, operand type: %s", typeOf(v))
}

func aString(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func oldSS(old *v1.AttributeValue) []*string {
	if old == nil {
		return nil
	}
	return old.SS
}

func union(a, b []*string) []*string {
	out := append([]*string(nil), a...)
	for _, s := range b {
		if !sliceHas(deref(out), *s) {
			out = append(out, s)
		}
	}
	return out
}
