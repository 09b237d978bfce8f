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

// Maps reads a Set or list of maps (a list of blocks); absent is empty.
func Maps(fields map[string]any, key string) ([]map[string]any, error) {
	var elems []any
	switch v := fields[key].(type) {
	case desired.Set:
		elems = v
	case []any:
		elems = v
	case []map[string]any:
		return v, nil
	case nil:
		return nil, nil
	default:
		return nil, BadInput("field %s: want a list of blocks, got %T", key, v)
	}
	out := make([]map[string]any, 0, len(elems))
	for _, e := range elems {
		m, ok := e.(map[string]any)
		if !ok {
			return nil, BadInput("field %s: want blocks, got a %T element", key, e)
		}
		out = append(out, m)
	}
	return out, nil
}

// Reader reads many fields, nested blocks included, into one request and
// keeps the first error, for code that would otherwise check an error per
// field. It reads through String, Int, Bool, Strings, Map and Maps, so a
// field of the wrong type is an error here as everywhere, never a zero
// value sent to AWS. Check Err before using what was read.
type Reader struct{ err error }

// Err is the first error met, nil when every field read was well typed.
func (r *Reader) Err() error { return r.err }

func keep[T any](r *Reader, v T, err error) T {
	if err != nil && r.err == nil {
		r.err = err
	}
	return v
}

// String is String, its error kept.
func (r *Reader) String(fields map[string]any, key string) string {
	v, err := String(fields, key)
	return keep(r, v, err)
}

// Int is Int, its error kept.
func (r *Reader) Int(fields map[string]any, key string) int64 {
	v, err := Int(fields, key)
	return keep(r, v, err)
}

// Bool is Bool, its error kept.
func (r *Reader) Bool(fields map[string]any, key string) bool {
	v, err := Bool(fields, key)
	return keep(r, v, err)
}

// Strings is Strings, its error kept.
func (r *Reader) Strings(fields map[string]any, key string) []string {
	v, err := Strings(fields, key)
	return keep(r, v, err)
}

// Map is Map, its error kept.
func (r *Reader) Map(fields map[string]any, key string) map[string]any {
	v, err := Map(fields, key)
	return keep(r, v, err)
}

// Maps is Maps, its error kept.
func (r *Reader) Maps(fields map[string]any, key string) []map[string]any {
	v, err := Maps(fields, key)
	return keep(r, v, err)
}
