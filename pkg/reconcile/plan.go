package reconcile

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
)

// Plan is what acting would do, as a value (terraform's plan): the drift of
// every resource in scope, computed from one observation of the
// environment.
type Plan struct {
	Environment string
	Targets     []string
	// Report holds a change for every resource in scope (ActionNone
	// included), the orphans under the targets, and the resources whose
	// kind has no adapter (Report.Unsupported).
	Report drift.Report
	// Observed is what AWS held, by address, when the plan was made.
	Observed map[desired.Address]Live

	// inProgress counts, by kind, the resources in scope of a kind that
	// implements Awaiter (an ECS service) observed not ready.
	inProgress map[string]int

	graph  *graph
	scope  []desired.Address          // dependencies first
	kindOf map[desired.Address]string // the kind of every observed address
}

// Plan observes the environment and says what separates it from
// resources. Every kind is observed once, all kinds at once; with targets,
// only the resources under a target prefix and what they depend on are
// planned. It never calls a mutating method of a Kind.
func (e *Engine) Plan(ctx context.Context, id desired.Identity, resources []desired.Resource, targets []string) (*Plan, error) {
	g, err := newGraph(resources)
	if err != nil {
		return nil, err
	}
	return e.plan(ctx, id, g, targets)
}

func (e *Engine) plan(ctx context.Context, id desired.Identity, g *graph, targets []string) (*Plan, error) {
	scope := g.scope(targets)
	ctx = WithPassWanting(ctx, resourcesOf(g))
	kinds := e.kindsToObserve(g, scope, targets)
	outsideFile := targetsOutside(g, targets)
	if len(outsideFile) > 0 {
		// A prefix with nothing under it in the file may still name
		// orphans, of any kind: targeting one is how it is deleted alone.
		kinds = e.kindsToObserve(g, scope, nil)
	}
	observed, kindOf, err := e.observeAll(ctx, id, kinds)
	if err != nil {
		return nil, err
	}
	if err := targetsMatchSomething(outsideFile, kindOf); err != nil {
		return nil, err
	}
	if err := e.complete(ctx, g, scope, observed); err != nil {
		return nil, err
	}
	return e.report(id, g, targets, scope, observed, kindOf), nil
}

// targetsOutside returns the targets under which the file has no address.
func targetsOutside(g *graph, targets []string) []string {
	var out []string
	for _, t := range targets {
		if !slices.ContainsFunc(g.order, func(a desired.Address) bool { return a.HasPrefix(t) }) {
			out = append(out, t)
		}
	}
	return out
}

// targetsMatchSomething fails, naming them, for the targets (none in the
// file) under which AWS has no resource either.
func targetsMatchSomething(targets []string, kindOf map[desired.Address]string) error {
	var nothing []string
	for _, t := range targets {
		found := false
		for a := range kindOf {
			if a.HasPrefix(t) {
				found = true
				break
			}
		}
		if !found {
			nothing = append(nothing, strconv.Quote(t))
		}
	}
	if len(nothing) > 0 {
		return fmt.Errorf("target %s: %w", strings.Join(nothing, ", "), ErrTargetMatchesNothing)
	}
	return nil
}

// report compares what was observed with the file, for the resources in
// scope and the orphans under the targets.
func (e *Engine) report(id desired.Identity, g *graph, targets []string, scope []desired.Address,
	observed map[desired.Address]Live, kindOf map[desired.Address]string) *Plan {
	p := &Plan{Environment: id.Environment, Targets: targets, Observed: observed, graph: g, scope: scope, kindOf: kindOf,
		inProgress: map[string]int{}}
	p.Report.Environment = id.Environment
	for _, a := range scope {
		r := g.byAddr[a]
		k, ok := e.kinds[r.Kind]
		if !ok {
			p.Report.Unsupported = append(p.Report.Unsupported, drift.Unsupported(r))
			continue
		}
		resolved, _ := resolve(r, observed)
		l, exists := observed[a]
		if exists && !l.Ready && awaits(k) {
			p.inProgress[r.Kind]++
		}
		ch := refusal(k, resolved, l, drift.CompareObserved(resolved, l.observed(exists, k)))
		p.Report.Changes = append(p.Report.Changes, withTwins(ch, l, exists, k))
	}
	orphans := map[desired.Address]string{}
	for a, k := range kindOf {
		if matches(a, targets) {
			orphans[a] = k
		}
	}
	p.Report.Changes = append(p.Report.Changes, drift.Orphans(resourcesOf(g), orphans)...)
	p.Report.Sort()
	return p
}

// verify is the plan after acting (terraform's verification against the
// plan): only the kinds something was done to are observed again, so a
// pass that changed nothing costs no second read.
// InProgress counts, by kind, the resources in scope whose change AWS is
// still carrying out: those of a kind that implements Awaiter (an ECS
// service rolling out) observed not ready. The count is generic; it knows
// nothing of ECS.
func (p *Plan) InProgress() map[string]int { return maps.Clone(p.inProgress) }

func (e *Engine) verify(ctx context.Context, id desired.Identity, p *Plan, outcomes []Outcome) (*Plan, error) {
	acted := map[string]bool{}
	for _, o := range outcomes {
		if (o.Action != drift.ActionNone || o.Status != StatusDone || len(o.Healed) > 0) && o.Status != StatusUnsupported && o.Status != StatusReported {
			acted[o.Kind] = true
		}
	}
	if len(acted) == 0 {
		return p, nil
	}
	kinds := slices.Sorted(maps.Keys(acted))
	ctx = WithPassWanting(ctx, resourcesOf(p.graph))
	fresh, freshKind, err := e.observeAll(ctx, id, kinds)
	if err != nil {
		return nil, err
	}
	observed, kindOf := maps.Clone(fresh), maps.Clone(freshKind)
	for a, k := range p.kindOf {
		if !acted[k] {
			observed[a], kindOf[a] = p.Observed[a], k
		}
	}
	if err := e.complete(ctx, p.graph, p.scope, observed); err != nil {
		return nil, err
	}
	return e.report(id, p.graph, p.Targets, p.scope, observed, kindOf), nil
}

// kindsToObserve is every kind in scope that has an adapter and, without
// targets, every adapter: an orphan of a kind the file no longer uses at
// all is still found.
func (e *Engine) kindsToObserve(g *graph, scope []desired.Address, targets []string) []string {
	set := map[string]bool{}
	for _, a := range scope {
		if _, ok := e.kinds[g.byAddr[a].Kind]; ok {
			set[g.byAddr[a].Kind] = true
		}
	}
	if len(targets) == 0 {
		for k := range e.kinds {
			set[k] = true
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// observeAll calls Observe once per kind, all kinds in parallel, and merges
// what they saw. Any kind that cannot be observed fails the plan: a diff
// from half the facts would be wrong. A fatal error (ClassFatal: the cloud
// cannot be reached) stops the other kinds and is the plan's only error.
func (e *Engine) observeAll(ctx context.Context, id desired.Identity, kinds []string) (map[desired.Address]Live, map[desired.Address]string, error) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	live := map[desired.Address]Live{}
	kindOf := map[desired.Address]string{}
	var errs []error
	var fatal error
	kindsCtx, stop := context.WithCancel(ctx)
	defer stop()
	for _, name := range kinds {
		wg.Go(func() {
			m, err := e.observeKind(kindsCtx, id, name)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if fatal == nil && e.classify(err) == ClassFatal {
					fatal = err
					stop()
				}
				errs = append(errs, err)
				return
			}
			for a, l := range m {
				if l.Address == "" {
					l.Address = a
				}
				live[a], kindOf[a] = l, name
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	if fatal != nil {
		return nil, nil, fatal
	}
	return live, kindOf, errors.Join(errs...)
}

func (e *Engine) observeKind(ctx context.Context, id desired.Identity, name string) (map[desired.Address]Live, error) {
	start := e.clock.Now()
	e.emit("", name, PhaseObserve, start, "")
	var m map[desired.Address]Live
	err := e.withRetry(ctx, "", name, func(int) error {
		var err error
		m, err = e.kinds[name].Observe(ctx, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("observe %s: %w", name, err)
	}
	return m, nil
}

func resourcesOf(g *graph) []desired.Resource {
	out := make([]desired.Resource, 0, len(g.byAddr))
	for _, r := range g.byAddr {
		out = append(out, r)
	}
	return out
}
