package prcomment

import (
	"sort"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
)

// FileChanges is what a pull request changes in the file: the resources
// of head compared with those of base, field by field, as drift compares
// the file with AWS (sets as sets, sensitive values redacted). A resource
// only in head is a create, one only in base a delete.
func FileChanges(base, head []desired.Resource) []drift.Change {
	before := make(map[desired.Address]desired.Resource, len(base))
	for _, r := range base {
		before[r.Address] = r
	}
	var out []drift.Change
	for _, r := range head {
		b, ok := before[r.Address]
		delete(before, r.Address)
		if !ok {
			out = append(out, drift.Change{Address: r.Address, Kind: r.Kind, Action: drift.ActionCreate,
				Reason: "added to the file"})
			continue
		}
		c := drift.Compare(literal(r), true, literal(b).Fields)
		for path, v := range b.Fields {
			if _, kept := r.Fields[path]; !kept {
				f := drift.FieldChange{Path: path, Live: literalValue(v)}
				if r.Sensitive[path] || b.Sensitive[path] {
					f.Live, f.Sensitive = drift.Redacted, true
				}
				c.Fields = append(c.Fields, f)
				if c.Action == drift.ActionNone {
					c.Action = drift.ActionUpdate
				}
			}
		}
		if c.Action != drift.ActionNone {
			c.Notes = nil
			out = append(out, c)
		}
	}
	for _, r := range before {
		out = append(out, drift.Change{Address: r.Address, Kind: r.Kind, Action: drift.ActionDelete,
			Reason: "removed from the file"})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Address < out[j].Address })
	return out
}

// literal is r with every reference written as text, so that two files
// compare on what they say ("the ID of network.vpc.main") and not on a
// value neither knows yet.
func literal(r desired.Resource) desired.Resource {
	fields := make(map[string]any, len(r.Fields))
	for k, v := range r.Fields {
		fields[k] = literalValue(v)
	}
	r.Fields = fields
	return r
}

func literalValue(v any) any {
	switch x := v.(type) {
	case desired.Ref:
		if x.Attr == "" {
			return "(id of " + string(x.Address) + ")"
		}
		return "(" + x.Attr + " of " + string(x.Address) + ")"
	case desired.Set:
		out := make(desired.Set, len(x))
		for i, e := range x {
			out[i] = literalValue(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = literalValue(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = literalValue(e)
		}
		return out
	}
	return v
}
