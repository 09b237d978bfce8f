package reconcile

import (
	"github.com/everruns/reconciler/pkg/desired"
)

// collectRefs adds to seen the address of every Ref inside v, however deep
// (a route's gateway inside a Set element, a map value).
func collectRefs(v any, seen map[desired.Address]bool) {
	switch x := v.(type) {
	case desired.Ref:
		seen[x.Address] = true
	case desired.Set:
		for _, e := range x {
			collectRefs(e, seen)
		}
	case []any:
		for _, e := range x {
			collectRefs(e, seen)
		}
	case map[string]any:
		for _, e := range x {
			collectRefs(e, seen)
		}
	}
}

// resolve returns a copy of r whose refs are replaced by the observed IDs
// or attributes of their referents. A ref whose referent (or attribute) is
// not observed stays a Ref, which drift shows as "known after apply"; the
// count of those is returned so that acting can refuse to send them.
func resolve(r desired.Resource, live map[desired.Address]Live) (desired.Resource, int) {
	unresolved := 0
	fields := make(map[string]any, len(r.Fields))
	for k, v := range r.Fields {
		fields[k] = resolveValue(v, live, &unresolved)
	}
	r.Fields = fields
	return r, unresolved
}

func resolveValue(v any, live map[desired.Address]Live, unresolved *int) any {
	switch x := v.(type) {
	case desired.Ref:
		if s, ok := lookup(x, live); ok {
			return s
		}
		*unresolved++
		return x
	case desired.Set:
		out := make(desired.Set, len(x))
		for i, e := range x {
			out[i] = resolveValue(e, live, unresolved)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = resolveValue(e, live, unresolved)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = resolveValue(e, live, unresolved)
		}
		return out
	}
	return v
}

func lookup(ref desired.Ref, live map[desired.Address]Live) (string, bool) {
	l, ok := live[ref.Address]
	if !ok {
		return "", false
	}
	if ref.Attr == "" {
		return l.ID, l.ID != ""
	}
	s, ok := l.Attrs[ref.Attr]
	return s, ok && s != ""
}
