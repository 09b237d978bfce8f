// Package iampolicy puts IAM policy documents in one canonical form, so
// that the document the file asks for and the one IAM returns compare
// equal when they mean the same. IAM returns documents URL-encoded
// (RFC 3986), with keys in its own order and a list of one element
// unwrapped to the element ("Action": "sts:AssumeRole"); none of that
// changes what a policy allows.
//
// The canonical form: every statement list is a list (a lone statement
// object is wrapped); in each statement the keys whose values are sets of
// strings (Action, NotAction, Resource, NotResource, each principal type,
// each condition key) hold sorted lists without duplicates; statements are
// sorted, since their order does not change the evaluation; object keys
// are sorted (encoding/json does that). Principal "*" stays a string: it
// is not the same principal as {"AWS": "*"} in IAM's reports.
package iampolicy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// Decode undoes IAM's URL encoding of a returned document. RFC 3986
// percent-decoding is PathUnescape ("+" is not a space there); text that
// is not valid percent-encoding is returned as it was (a document some
// emulator returned raw).
func Decode(s string) string {
	if d, err := url.PathUnescape(s); err == nil {
		return d
	}
	return s
}

// Canonical returns doc in the canonical form, or an error when doc is
// not a JSON object.
func Canonical(doc string) (string, error) {
	dec := json.NewDecoder(strings.NewReader(doc))
	dec.UseNumber()
	var v map[string]any
	if err := dec.Decode(&v); err != nil {
		return "", fmt.Errorf("policy document: %w", err)
	}
	if st, ok := v["Statement"]; ok {
		v["Statement"] = statements(st)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // "<" stays readable in a report; both sides encode alike
	if err := enc.Encode(v); err != nil {
		return "", fmt.Errorf("policy document: %w", err)
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// setKeys are the statement keys whose value is a set of strings.
var setKeys = []string{"Action", "NotAction", "Resource", "NotResource"}

func statements(v any) any {
	list, ok := v.([]any)
	if !ok {
		list = []any{v}
	}
	out := make([]any, len(list))
	for i, s := range list {
		out[i] = statement(s)
	}
	slices.SortFunc(out, func(a, b any) int { return strings.Compare(text(a), text(b)) })
	return out
}

func statement(v any) any {
	s, ok := v.(map[string]any)
	if !ok {
		return v
	}
	for _, k := range setKeys {
		if x, ok := s[k]; ok {
			s[k] = stringSet(x)
		}
	}
	for _, k := range []string{"Principal", "NotPrincipal"} {
		if p, ok := s[k].(map[string]any); ok {
			eachValue(p, stringSet)
		}
	}
	if c, ok := s["Condition"].(map[string]any); ok {
		eachValue(c, func(op any) any {
			if m, ok := op.(map[string]any); ok {
				eachValue(m, stringSet)
			}
			return op
		})
	}
	return s
}

func eachValue(m map[string]any, f func(any) any) {
	for k, v := range m {
		m[k] = f(v)
	}
}

// stringSet wraps a single value in a list and sorts a list of strings,
// dropping duplicates. A list holding anything but strings is kept as is.
func stringSet(v any) any {
	list, ok := v.([]any)
	if !ok {
		return []any{v}
	}
	strs := make([]string, 0, len(list))
	for _, e := range list {
		s, ok := e.(string)
		if !ok {
			return v
		}
		strs = append(strs, s)
	}
	slices.Sort(strs)
	strs = slices.Compact(strs)
	out := make([]any, len(strs))
	for i, s := range strs {
		out[i] = s
	}
	return out
}

func text(v any) string {
	b, _ := json.Marshal(v) // values decoded from JSON always marshal
	return string(b)
}

// Observed is an IAM-returned document in canonical form: decoded, then
// canonicalised; a document that does not parse is returned decoded, so
// it still shows (and differs) in a report rather than failing the read.
func Observed(encoded string) string {
	d := Decode(encoded)
	if c, err := Canonical(d); err == nil {
		return c
	}
	return d
}
