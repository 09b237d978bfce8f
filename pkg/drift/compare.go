package drift

import (
	"sort"
	"strings"

	"github.com/everruns/reconciler/pkg/desired"
)

// Compare says what separates r from what AWS holds: exists says whether
// the resource was observed, live holds its observed fields in the
// vocabulary of r.Fields (refs as IDs).
//
// Only the fields r.Fields declares are compared; a live field the file does
// not manage is ignored, except inside a map field (tags), where a live-only
// key is drift (desired nil). Sets compare as sets, JSON canonically,
// numbers by value whatever their Go type.
//
// A desired.Ref still in r.Fields is unresolved: its referent does not exist
// yet, so its value is Unknown ("known after apply") and differs from any
// live value — the field will change once the referent is created. On an
// immutable field this makes the change a replacement, as in terraform.
func Compare(r desired.Resource, exists bool, live map[string]any) Change {
	return CompareObserved(r, Observed{Exists: exists, Fields: live})
}

// Observed is what an adapter saw of one resource, in the vocabulary of
// desired.Resource.Fields.
type Observed struct {
	Exists bool
	Fields map[string]any
	// Pending holds, by top-level field, values AWS has accepted and will
	// apply by itself later. A field whose pending value is the desired one
	// is reported in Change.Pending, not as a change to make.
	Pending map[string]any
	// Notes are carried into Change.Notes.
	Notes []string
}

// CompareObserved is Compare with what else the adapter observed: pending
// values and notes for people.
func CompareObserved(r desired.Resource, o Observed) Change {
	c := Change{Address: r.Address, Kind: r.Kind, Action: ActionNone, Notes: o.Notes}
	live := o.Fields
	if !o.Exists {
		live = nil
	}
	for _, path := range sortedKeys(r.Fields) {
		if o.Exists && r.Policy.Ignores(path) {
			// Another system owns it (drift_policy ignore): not compared.
			continue
		}
		want := r.Fields[path]
		diffs := diffValue(path, want, coerceLive(want, live[path]))
		if len(diffs) > 0 && o.Exists && isPending(want, o.Pending, path) {
			c.Pending = append(c.Pending, diffs...)
			continue
		}
		c.Fields = append(c.Fields, diffs...)
	}
	redact(c.Fields, r.Sensitive)
	redact(c.Pending, r.Sensitive)
	switch {
	case !o.Exists:
		c.Action = ActionCreate
	case len(c.Fields) == 0:
		c.Fields = nil
	default:
		c.Action = ActionUpdate
		if reasons := immutableReasons(r.Immutable, c.Fields); len(reasons) > 0 {
			c.Action, c.Reason = ActionReplace, strings.Join(reasons, "; ")
		}
		c.ReportOnly = r.Policy.ReportOnly()
	}
	return c
}

// isPending says whether AWS holds want as the pending value of path.
func isPending(want any, pending map[string]any, path string) bool {
	p, ok := pending[path]
	return ok && len(diffValue(path, want, coerceLive(want, p))) == 0
}

// diffValue compares one field; maps are compared key by key so that a
// changed tag is reported as "tags.Name", not as the whole map.
func diffValue(path string, want, got any) []FieldChange {
	_, isSet := want.(desired.Set)
	return diffNormalized(path, normalize(want), normalize(got), isSet)
}

// diffNormalized compares values already normalised, once each: maps key
// by key, the rest by identity.
func diffNormalized(path string, w, g any, isSet bool) []FieldChange {
	if wm, ok := w.(map[string]any); ok {
		if gm, ok := g.(map[string]any); ok || g == nil {
			return diffMap(path, wm, gm)
		}
	}
	if equal(w, g) {
		return nil
	}
	fc := FieldChange{Path: path, Desired: w, Live: g}
	if isSet {
		fc.Added, fc.Removed = setDelta(w, g)
	}
	return []FieldChange{fc}
}

func diffMap(path string, want, got map[string]any) []FieldChange {
	keys := map[string]bool{}
	for k := range want {
		keys[k] = true
	}
	for k := range got {
		keys[k] = true
	}
	var out []FieldChange
	for _, k := range sortedKeys(keys) {
		out = append(out, diffNormalized(path+"."+k, want[k], got[k], false)...)
	}
	return out
}

// setDelta lists what the desired set adds to the live one and what it
// removes from it, so people see the one rule that moved, not two lists.
func setDelta(want, got any) (added, removed []any) {
	w, _ := want.([]any)
	g, _ := got.([]any)
	return minus(w, g), minus(g, w)
}

func minus(a, b []any) []any {
	in := make(map[string]bool, len(b))
	for _, e := range b {
		in[key(e)] = true
	}
	var out []any
	for _, e := range a {
		if !in[key(e)] {
			out = append(out, e)
		}
	}
	return out
}

// redact replaces the values of sensitive fields before the change leaves
// this package, so no renderer or caller can leak them.
func redact(fields []FieldChange, sensitive map[string]bool) {
	for i := range fields {
		if !sensitive[topLevel(fields[i].Path)] {
			continue
		}
		f := &fields[i]
		f.Desired, f.Live, f.Added, f.Removed = maskNil(f.Desired), maskNil(f.Live), nil, nil
		f.Sensitive = true
	}
}

func maskNil(v any) any {
	if v == nil {
		return nil
	}
	return Redacted
}

// immutableReasons gives the reason of every changed immutable field, in
// path order, once each.
func immutableReasons(immutable map[string]string, fields []FieldChange) []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range fields {
		reason, ok := immutable[f.Path]
		if !ok {
			reason, ok = immutable[topLevel(f.Path)]
		}
		if ok && !seen[reason] {
			seen[reason] = true
			out = append(out, reason)
		}
	}
	return out
}

func topLevel(path string) string {
	head, _, _ := strings.Cut(path, ".")
	return head
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
