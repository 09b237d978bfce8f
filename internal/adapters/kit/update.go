package kit

import (
	"context"
	"maps"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// Change is what an update step works from.
type Change struct {
	ID    desired.Identity
	Want  desired.Resource // refs resolved
	Live  reconcile.Live
	Delta drift.Delta
}

// Step changes one or more fields with one API (several fields when one
// call sets them all, as ModifyDBInstance does).
type Step struct {
	Fields []string
	Do     func(ctx context.Context, c Change) error
}

// Steps is a kind's update, in the order its steps must run: the order is
// the slice's, fixed and documented where the kind declares it, never a
// map's.
type Steps []Step

// On is a step for the given fields.
func On(do func(ctx context.Context, c Change) error, fields ...string) Step {
	return Step{Fields: fields, Do: do}
}

// Run carries out the steps whose fields the delta names, in order, once
// each. A changed field that no step handles cannot be changed in place:
// that is a terminal error, raised before any call. It returns live as an
// Observe would now report it, without paying for one.
func (s Steps) Run(ctx context.Context, c Change) (reconcile.Live, error) {
	changed := c.Delta.Fields()
	handled := map[string]bool{}
	for _, st := range s {
		for _, f := range st.Fields {
			handled[f] = true
		}
	}
	for _, f := range changed {
		if !handled[f] {
			return c.Live, Immutable(f)
		}
	}
	for _, st := range s {
		if !c.Delta.HasAny(st.Fields...) {
			continue
		}
		if err := st.Do(ctx, c); err != nil {
			return c.Live, err
		}
	}
	return Applied(c.ID, c.Want, c.Live, changed)
}

// Applied is live after fields were set to want's values.
func Applied(id desired.Identity, want desired.Resource, live reconcile.Live, fields []string) (reconcile.Live, error) {
	live.Fields = maps.Clone(live.Fields)
	if live.Fields == nil {
		live.Fields = map[string]any{}
	}
	for _, f := range fields {
		if f != names.VPC.Tags {
			live.Fields[f] = want.Fields[f]
			continue
		}
		tags, err := Tags(id, want)
		if err != nil {
			return live, err
		}
		live.Fields[f] = ObservedOf(tags)
	}
	return live, nil
}

// DeltaOf is what separates want from live, from pkg/drift: for a Create
// that must complete what AWS's create call could not set (rules, routes,
// attributes), so it acts on the same answer an Update would get.
func DeltaOf(want desired.Resource, live reconcile.Live) drift.Delta {
	return drift.Delta(drift.Compare(want, true, live.Fields).Fields)
}
