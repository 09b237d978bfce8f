package reconcile

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/everruns/reconciler/pkg/desired"
)

// graph is the resources of the file with their dependencies: DependsOn
// and every address a Ref names, so the file need not say twice what a
// reference already says.
type graph struct {
	byAddr map[desired.Address]desired.Resource
	deps   map[desired.Address][]desired.Address
	order  []desired.Address // dependencies first
}

// newGraph validates the resources as a whole — duplicate addresses,
// unknown dependencies, cycles — collecting every error, before any call
// to AWS is made.
func newGraph(resources []desired.Resource) (*graph, error) {
	g := &graph{byAddr: map[desired.Address]desired.Resource{}, deps: map[desired.Address][]desired.Address{}}
	var errs []error
	for _, r := range resources {
		if _, dup := g.byAddr[r.Address]; dup {
			errs = append(errs, fmt.Errorf("%s: declared twice", r.Address))
		}
		g.byAddr[r.Address] = r
	}
	for _, r := range resources {
		g.deps[r.Address] = dependencies(r)
		for _, d := range g.deps[r.Address] {
			if _, ok := g.byAddr[d]; !ok {
				errs = append(errs, fmt.Errorf("%s: depends on unknown resource %s", r.Address, d))
			}
		}
	}
	if len(errs) == 0 {
		errs = append(errs, g.sort())
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("invalid resource graph: %w", err)
	}
	return g, nil
}

func dependencies(r desired.Resource) []desired.Address {
	seen := map[desired.Address]bool{}
	for _, d := range r.DependsOn {
		seen[d] = true
	}
	for _, f := range r.Fields {
		collectRefs(f, seen)
	}
	out := make([]desired.Address, 0, len(seen))
	for d := range seen {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// sort orders the graph dependencies first (Kahn, by address among peers so
// the order is stable) and names the resources left on a cycle.
func (g *graph) sort() error {
	pending := map[desired.Address]int{}
	dependents := map[desired.Address][]desired.Address{}
	for a, ds := range g.deps {
		pending[a] = len(ds)
		for _, d := range ds {
			dependents[d] = append(dependents[d], a)
		}
	}
	var ready []desired.Address
	for a, n := range pending {
		if n == 0 {
			ready = append(ready, a)
		}
	}
	for len(ready) > 0 {
		sort.Slice(ready, func(i, j int) bool { return ready[i] < ready[j] })
		a := ready[0]
		ready = ready[1:]
		g.order = append(g.order, a)
		for _, d := range dependents[a] {
			if pending[d]--; pending[d] == 0 {
				ready = append(ready, d)
			}
		}
	}
	if len(g.order) == len(g.deps) {
		return nil
	}
	var cycle []string
	for a, n := range pending {
		if n > 0 {
			cycle = append(cycle, string(a))
		}
	}
	sort.Strings(cycle)
	return fmt.Errorf("dependency cycle among %s", strings.Join(cycle, ", "))
}

// scope returns the addresses under any target prefix and, transitively,
// everything they depend on, in dependency order. No targets means all.
func (g *graph) scope(targets []string) []desired.Address {
	if len(targets) == 0 {
		return g.order
	}
	in := map[desired.Address]bool{}
	var visit func(desired.Address)
	visit = func(a desired.Address) {
		if in[a] {
			return
		}
		in[a] = true
		for _, d := range g.deps[a] {
			visit(d)
		}
	}
	for _, a := range g.order {
		if matches(a, targets) {
			visit(a)
		}
	}
	var out []desired.Address
	for _, a := range g.order {
		if in[a] {
			out = append(out, a)
		}
	}
	return out
}

func matches(a desired.Address, targets []string) bool {
	if len(targets) == 0 {
		return true
	}
	for _, t := range targets {
		if a.HasPrefix(t) {
			return true
		}
	}
	return false
}
