package dynamodb

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"bytes"
	"math/big"
	"sort"
	"strings"

	v1 "github.com/aws/aws-sdk-go/service/dynamodb"
)

// typeOf is the DynamoDB type descriptor of v: S, N, B, BOOL, NULL, M, L,
// SS, NS or BS.
func typeOf(v *v1.AttributeValue) string {
	switch {
	case v.S != nil:
		return "S"
	case v.N != nil:
		return "N"
	case v.B != nil:
		return "B"
	case v.BOOL != nil:
		return "BOOL"
	case v.NULL != nil:
		return "NULL"
	case v.M != nil:
		return "M"
	case v.L != nil:
		return "L"
	case v.SS != nil:
		return "SS"
	case v.NS != nil:
		return "NS"
	case v.BS != nil:
		return "BS"
	}
	return ""
}

func number(s string) (*big.Rat, bool) { return new(big.Rat).SetString(s) }

// compare orders two scalars of the same type (S, N or B); ok is false
// when they cannot be ordered, in which case every ordering is false.
func compare(a, b *v1.AttributeValue) (c int, ok bool) {
	if a == nil || b == nil || typeOf(a) != typeOf(b) {
		return 0, false
	}
	switch typeOf(a) {
	case "S":
		return strings.Compare(*a.S, *b.S), true
	case "B":
		return bytes.Compare(a.B, b.B), true
	case "N":
		x, okx := number(*a.N)
		y, oky := number(*b.N)
		if !okx || !oky {
			return 0, false
		}
		return x.Cmp(y), true
	}
	return 0, false
}

// equal is DynamoDB's "=": same type and same value; sets compare as sets.
func equal(a, b *v1.AttributeValue) bool {
	if a == nil || b == nil || typeOf(a) != typeOf(b) {
		return false
	}
	switch typeOf(a) {
	case "S", "N", "B":
		c, _ := compare(a, b)
		return c == 0
	case "BOOL":
		return *a.BOOL == *b.BOOL
	case "NULL":
		return true
	case "SS":
		return sameSet(deref(a.SS), deref(b.SS))
	case "NS":
		return sameSet(normNumbers(a.NS), normNumbers(b.NS))
	case "BS":
		return sameSet(bytesToStrings(a.BS), bytesToStrings(b.BS))
	case "L":
		if len(a.L) != len(b.L) {
			return false
		}
		for i := range a.L {
			if !equal(a.L[i], b.L[i]) {
				return false
			}
		}
		return true
	case "M":
		if len(a.M) != len(b.M) {
			return false
		}
		for k, v := range a.M {
			if !equal(v, b.M[k]) {
				return false
			}
		}
		return true
	}
	return false
}

func deref(ss []*string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = *s
	}
	return out
}

func normNumbers(ns []*string) []string {
	out := make([]string, len(ns))
	for i, s := range ns {
		if r, ok := number(*s); ok {
			out[i] = r.RatString()
		} else {
			out[i] = *s
		}
	}
	return out
}

func bytesToStrings(bs [][]byte) []string {
	out := make([]string, len(bs))
	for i, b := range bs {
		out[i] = string(b)
	}
	return out
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	sort.Strings(a)
	sort.Strings(b)
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// formatNumber renders r as DynamoDB returns numbers: no exponent, no
// trailing zeros.
func formatNumber(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	s := strings.TrimRight(r.FloatString(38), "0")
	return strings.TrimSuffix(s, ".")
}
