package drift

import (
	"slices"
	"strings"
)

// Delta is the drift of one resource in the form adapters act on: which
// fields differ, and for sets and maps which elements or keys. Adapters ask
// it instead of comparing again, so there is one normalisation, here.
type Delta []FieldChange

// field is the top-level field a path belongs to: "tags" for "tags.Name".
func field(path string) string {
	head, _, _ := strings.Cut(path, ".")
	head, _, _ = strings.Cut(head, "[")
	return head
}

// Has reports whether the top-level field f differs, whole or in part.
func (d Delta) Has(f string) bool {
	for _, c := range d {
		if field(c.Path) == f {
			return true
		}
	}
	return false
}

// HasAny reports whether any of the fields differs.
func (d Delta) HasAny(fs ...string) bool {
	for _, f := range fs {
		if d.Has(f) {
			return true
		}
	}
	return false
}

// Fields lists the top-level fields that differ, sorted, once each.
func (d Delta) Fields() []string {
	var out []string
	for _, c := range d {
		if f := field(c.Path); !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return out
}

// SetChange returns, for a set field, the elements the file adds and those
// it removes, normalised (numbers as int64, maps with sorted keys when
// marshalled). Both are empty when the field does not differ, and when the
// field is sensitive (its elements are redacted).
func (d Delta) SetChange(f string) (added, removed []any) {
	for _, c := range d {
		if c.Path == f {
			return c.Added, c.Removed
		}
	}
	return nil, nil
}

// MapChange returns, for a map field compared key by key (tags), the keys
// to write with their desired values and the keys to remove, sorted.
func (d Delta) MapChange(f string) (put map[string]any, remove []string) {
	put = map[string]any{}
	prefix := f + "."
	for _, c := range d {
		key, ok := strings.CutPrefix(c.Path, prefix)
		if !ok {
			continue
		}
		if c.Desired == nil {
			remove = append(remove, key)
		} else {
			put[key] = c.Desired
		}
	}
	slices.Sort(remove)
	return put, remove
}
