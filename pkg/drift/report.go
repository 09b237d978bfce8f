package drift

import (
	"sort"

	"github.com/everruns/reconciler/pkg/desired"
)

// Summary counts the changes of a report by action; unsupported resources
// count under ActionUnsupported.
type Summary map[Action]int

// Sort orders the changes and the unsupported resources by address, so that
// reports are stable from one run to the next.
func (r *Report) Sort() {
	byAddress := func(cs []Change) func(i, j int) bool {
		return func(i, j int) bool { return cs[i].Address < cs[j].Address }
	}
	sort.SliceStable(r.Changes, byAddress(r.Changes))
	sort.SliceStable(r.Unsupported, byAddress(r.Unsupported))
}

// Summary counts the changes by action, ActionNone included.
func (r Report) Summary() Summary {
	s := Summary{}
	for _, c := range r.Changes {
		s[c.Action]++
	}
	if n := len(r.Unsupported); n > 0 {
		s[ActionUnsupported] = n
	}
	return s
}

// InSync reports whether nothing separates the environment from the file:
// every change is ActionNone and no resource is unsupported (what cannot be
// observed cannot be said to be in sync).
func (r Report) InSync() bool {
	return len(r.Outstanding()) == 0 && len(r.Unsupported) == 0
}

// Outstanding returns the changes whose action is not ActionNone, in order:
// what acting would do (or refuse).
func (r Report) Outstanding() []Change {
	var out []Change
	for _, c := range r.Changes {
		if c.Action != ActionNone {
			out = append(out, c)
		}
	}
	return out
}

// Orphans reports the observed resources (address → kind) that carry the
// environment's tags but whose address is no longer in the file.
func Orphans(resources []desired.Resource, observed map[desired.Address]string) []Change {
	inFile := make(map[desired.Address]bool, len(resources))
	for _, r := range resources {
		inFile[r.Address] = true
	}
	var out []Change
	for addr, kind := range observed {
		if !inFile[addr] {
			out = append(out, Change{Address: addr, Kind: kind, Action: ActionOrphan,
				Reason: "no longer in the file"})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Address < out[j].Address })
	return out
}

// Unsupported is the change that reports r when its kind has no adapter.
func Unsupported(r desired.Resource) Change {
	return Change{Address: r.Address, Kind: r.Kind, Action: ActionUnsupported,
		Reason: "no adapter for kind " + r.Kind}
}

// WithPending returns the changes that hold pending fields, whatever their
// action: what AWS will apply by itself.
func (r Report) WithPending() []Change {
	var out []Change
	for _, c := range r.Changes {
		if len(c.Pending) > 0 {
			out = append(out, c)
		}
	}
	return out
}

// AddressNotes is the notes of one resource.
type AddressNotes struct {
	Address desired.Address `json:"address"`
	Notes   []string        `json:"notes"`
}

// Notes returns the notes of every resource that has some, in address
// order, whatever its action: a certificate in sync can still be near its
// expiry.
func (r Report) Notes() []AddressNotes {
	var out []AddressNotes
	for _, c := range r.Changes {
		if len(c.Notes) > 0 {
			out = append(out, AddressNotes{Address: c.Address, Notes: c.Notes})
		}
	}
	return out
}
