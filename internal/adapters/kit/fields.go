package kit

import (
	"fmt"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// BadInput is an error in what an adapter was given (a wrong type, an
// unresolved ref, a change no API makes): terminal, since trying again
// sends the same thing.
func BadInput(format string, args ...any) error {
	return reconcile.Terminal(fmt.Errorf(format, args...))
}

// Immutable is the error for a changed field that no API changes in place:
// the drift should have asked for a replacement instead.
func Immutable(field string) error {
	return BadInput("field %s cannot be changed in place", field)
}

// String reads a string field; absent is "". The engine resolves refs
// before Create and Update: a Ref still here is a bug upstream, reported
// rather than sent to AWS as garbage.
func String(fields map[string]any, key string) (string, error) {
	switch v := fields[key].(type) {
	case string:
		return v, nil
	case nil:
		return "", nil
	case desired.Ref:
		return "", BadInput("field %s: unresolved reference to %s", key, v.Address)
	default:
		return "", BadInput("field %s: want a string, got %T", key, v)
	}
}

// Bool reads a bool field; absent is false.
func Bool(fields map[string]any, key string) (bool, error) {
	switch v := fields[key].(type) {
	case bool:
		return v, nil
	case nil:
		return false, nil
	default:
		return false, BadInput("field %s: want a bool, got %T", key, v)
	}
}

// Int reads an integer field; absent is 0.
func Int(fields map[string]any, key string) (int64, error) {
	switch v := fields[key].(type) {
	case int64:
		return v, nil
	case int:
		return int64(v), nil
	case float64:
		if v == float64(int64(v)) {
			return int64(v), nil
		}
	case nil:
		return 0, nil
	}
	return 0, BadInput("field %s: want an integer, got %T", key, fields[key])
}

// Strings reads a Set or list of strings; absent is empty.
func Strings(fields map[string]any, key string) ([]string, error) {
	var elems []any
	switch v := fields[key].(type) {
	case desired.Set:
		elems = v
	case []any:
		elems = v
	case []string:
		return v, nil
	case nil:
		return nil, nil
	default:
		return nil, BadInput("field %s: want a list of strings, got %T", key, v)
	}
	out := make([]string, 0, len(elems))
	for _, e := range elems {
		s, ok := e.(string)
		if !ok {
			return nil, BadInput("field %s: want strings, got a %T element", key, e)
		}
		out = append(out, s)
	}
	return out, nil
}

// Map reads a map field; absent is empty.
func Map(fields map[string]any, key string) (map[string]any, error) {
	switch v := fields[key].(type) {
	case map[string]any:
		return v, nil
	case nil:
		return map[string]any{}, nil
	default:
		return nil, BadInput("field %s: want a map, got %T", key, v)
	}
}
