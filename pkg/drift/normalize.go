package drift

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"sort"

	"github.com/everruns/reconciler/pkg/desired"
)

// normalize returns v in a canonical form: two values that mean the same
// thing are deeply equal and marshal to the same JSON. Numbers become int64
// when integral (live data decoded from JSON is float64, the file's is
// int64), sets are sorted and deduplicated, JSON documents are parsed, and
// an unresolved desired.Ref becomes Unknown.
func normalize(v any) any {
	switch x := v.(type) {
	case nil, string, bool:
		return x
	case desired.Ref:
		return Unknown
	case desired.JSON:
		return parseJSON(string(x))
	case desired.Set:
		return normalizeSet(x)
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = normalize(e)
		}
		return m
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalize(e)
		}
		return out
	case json.Number:
		if f, err := x.Float64(); err == nil {
			return number(f)
		}
		return x.String()
	}
	return normalizeReflect(v)
}

// normalizeReflect handles the other numeric kinds and typed maps and
// slices (map[string]string from an adapter, []string) without listing each.
func normalizeReflect(v any) any {
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return number(float64(rv.Uint()))
	case reflect.Float32, reflect.Float64:
		return number(rv.Float())
	case reflect.String:
		return rv.String()
	case reflect.Bool:
		return rv.Bool()
	case reflect.Pointer:
		if rv.IsNil() {
			return nil
		}
		return normalize(rv.Elem().Interface())
	case reflect.Map:
		m := make(map[string]any, rv.Len())
		for it := rv.MapRange(); it.Next(); {
			m[it.Key().String()] = normalize(it.Value().Interface())
		}
		return m
	case reflect.Slice, reflect.Array:
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = normalize(rv.Index(i).Interface())
		}
		return out
	}
	// A struct or anything else: its JSON form is what a report would show.
	return parseJSON(canonical(v))
}

// number keeps integral values as int64 so that 443, 443.0 and int32(443)
// are one value.
func number(f float64) any {
	if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		return int64(f)
	}
	return f
}

// normalizeSet sorts the elements by their canonical JSON and drops
// duplicates: a set holds an element once.
func normalizeSet(s []any) []any {
	byKey := make(map[string]any, len(s))
	for _, e := range s {
		n := normalize(e)
		byKey[key(n)] = n
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]any, len(keys))
	for i, k := range keys {
		out[i] = byKey[k]
	}
	return out
}

// parseJSON parses a document; text that is not JSON stays a string, so
// that it still compares (unequal) rather than failing the whole diff.
func parseJSON(s string) any {
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return s
	}
	return normalize(v)
}

// canonical is the JSON text of v with map keys sorted (encoding/json sorts
// them), the identity by which sets and documents are compared.
func canonical(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		// Only a value outside the field vocabulary (a channel, a func)
		// fails; its Go syntax still identifies it.
		return reflect.ValueOf(v).String()
	}
	return string(b)
}

// coerceLive reads a live value as the type the desired value declares:
// a live slice (or nothing) is a set when the file says Set, and live text
// is a JSON document when the file says JSON.
func coerceLive(want, live any) any {
	switch want.(type) {
	case desired.Set:
		if live == nil {
			// An adapter may leave out a set with no elements (an egress
			// list that was revoked): absent and empty mean the same.
			return desired.Set{}
		}
		if l, ok := live.(desired.Set); ok {
			return l
		}
		if rv := reflect.ValueOf(live); live != nil && rv.Kind() == reflect.Slice {
			return desired.Set(normalize(live).([]any))
		}
	case desired.JSON:
		if s, ok := live.(string); ok {
			return desired.JSON(s)
		}
	}
	return live
}
