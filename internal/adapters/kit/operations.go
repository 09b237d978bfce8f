package kit

import (
	"fmt"
	"maps"
)

// Operations are the AWS operations an adapter calls for one kind, as
// "service:Operation" (the SigV4 signing name, as the fake's call log
// writes them): what `reconciler iam-policy` grants, and what the
// end-to-end suites check against the calls they saw.
type Operations struct {
	Observe []string // the batched read
	Change  []string // Create and Update
	// Delete is what Delete calls: only a replacement (apply
	// --allow-replace) deletes, never the daemon, so the daemon's policy
	// leaves these out.
	Delete []string
}

// All is every operation; without deletes unless withDelete.
func (o Operations) All(withDelete bool) []string {
	out := append(append([]string(nil), o.Observe...), o.Change...)
	if withDelete {
		out = append(out, o.Delete...)
	}
	return out
}

// AddOperations registers what the adapter of kind calls. A kind with an
// adapter and no operations fails TestEveryKindDeclaresItsOperations.
func (r *Registry) AddOperations(ops map[string]Operations) error {
	for kind, o := range ops {
		if _, dup := r.ops[kind]; dup {
			return fmt.Errorf("operations of kind %s registered twice", kind)
		}
		r.ops[kind] = o
	}
	return nil
}

// Operations returns the declared operations by kind (a copy).
func (r *Registry) Operations() map[string]Operations { return maps.Clone(r.ops) }
