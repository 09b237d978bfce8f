package reconcile

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
)

// run is one walk of the graph: what is known of AWS so far, and one node
// per resource whose done channel closes when its outcome is final.
type run struct {
	e      *Engine
	id     desired.Identity
	plan   *Plan
	opts   ApplyOptions
	sem    chan struct{}
	nodes  map[desired.Address]*node
	needed map[desired.Address]bool // has a dependent in scope: must be ready

	mu      sync.Mutex
	live    map[desired.Address]Live
	pollers map[string]*poller // by kind
}

type node struct {
	done chan struct{}
	out  Outcome
}

// walk starts one goroutine per resource; each waits for its dependencies,
// so independent resources proceed together, bounded by the semaphore.
func (e *Engine) walk(ctx context.Context, id desired.Identity, p *Plan, opts ApplyOptions) []Outcome {
	r := &run{e: e, id: id, plan: p, opts: opts, sem: make(chan struct{}, e.parallelism),
		nodes: map[desired.Address]*node{}, needed: map[desired.Address]bool{}, live: map[desired.Address]Live{},
		pollers: map[string]*poller{}}
	for a, l := range p.Observed {
		r.live[a] = l
	}
	for _, a := range p.scope {
		r.nodes[a] = &node{done: make(chan struct{})}
		for _, d := range p.graph.deps[a] {
			r.needed[d] = true
		}
	}
	var wg sync.WaitGroup
	for _, a := range p.scope {
		n := r.nodes[a]
		wg.Go(func() {
			defer close(n.done)
			n.out = r.visit(ctx, a)
		})
	}
	wg.Wait()
	out := make([]Outcome, len(p.scope))
	for i, a := range p.scope {
		out[i] = r.nodes[a].out
	}
	return out
}

// visit waits for the dependencies of a, then brings a in line.
func (r *run) visit(ctx context.Context, a desired.Address) Outcome {
	res := r.plan.graph.byAddr[a]
	out := Outcome{Address: a, Kind: res.Kind}
	start := r.e.clock.Now()
	for _, d := range r.plan.graph.deps[a] {
		dep := r.nodes[d]
		select {
		case <-dep.done:
		case <-ctx.Done():
			return r.finish(start, out, StatusCanceled, ctx.Err())
		}
		if !dep.out.usable() {
			return r.blocked(start, out, d, dep.out)
		}
	}
	if _, ok := r.e.kinds[res.Kind]; !ok {
		out.Action = drift.ActionUnsupported
		return r.finish(start, out, StatusUnsupported, fmt.Errorf("%s: %w %s", a, ErrUnsupported, res.Kind))
	}
	select {
	case r.sem <- struct{}{}:
	case <-ctx.Done():
		return r.finish(start, out, StatusCanceled, ctx.Err())
	}
	observed := r.twinsOf(a)
	live, action, err := r.act(ctx, res)
	var twinErr error
	live, out.Healed, twinErr = r.heal(ctx, res, live, err, observed)
	<-r.sem
	out.Action = action
	acted := action == drift.ActionCreate || action == drift.ActionUpdate || action == drift.ActionReplace
	mustWait := r.needed[a] || acted && awaits(r.e.kinds[res.Kind])
	if err == nil && !live.Ready && mustWait && live.NeedsPerson != "" && r.opts.NoWaitForPeople {
		return r.finish(start, out, StatusWaiting, fmt.Errorf("%s is not ready: %s", a, live.NeedsPerson))
	}
	if err == nil && !live.Ready && mustWait {
		live, err = r.waitReady(ctx, a, res.Kind)
		if err != nil {
			err = fmt.Errorf("wait for %s: %w", a, err)
		}
		r.remember(a, live, err)
	}
	if err == nil {
		// A twin left in place: the kept resource is in line and usable,
		// but the address is not converged.
		err = twinErr
	}
	return r.finish(start, out, statusOf(err), err)
}

func statusOf(err error) Status {
	switch {
	case err == nil:
		return StatusDone
	case errors.Is(err, errReportOnly):
		return StatusReported
	case ctxErr(err):
		return StatusCanceled
	case isRefused(err):
		return StatusRefused
	}
	return StatusFailed
}

// blocked reports a resource not tried because dependency d did not
// converge, naming the failure at the root of the chain.
func (r *run) blocked(start time.Time, out Outcome, d desired.Address, dep Outcome) Outcome {
	if dep.Status == StatusCanceled {
		return r.finish(start, out, StatusCanceled, dep.Err)
	}
	out.BlockedBy = d
	if dep.BlockedBy != "" {
		out.BlockedBy = dep.BlockedBy
	}
	err := dep.Err
	if dep.Status != StatusBlocked {
		err = fmt.Errorf("blocked by %s: %w", d, dep.Err)
	}
	return r.finish(start, out, StatusBlocked, err)
}

func (r *run) finish(start time.Time, out Outcome, s Status, err error) Outcome {
	out.Status, out.Err = s, err
	phase, msg := Phase(s), ""
	switch s {
	case StatusCanceled:
		phase = PhaseFailed
	case StatusWaiting:
		phase = PhaseWait
	}
	switch {
	case s == StatusBlocked && out.BlockedBy != "":
		// The cause was reported once, with the resource that failed: a
		// dependent names it only, or a missing secret would be spelled
		// out again for each of the ten resources it blocks.
		msg = "blocked by " + string(out.BlockedBy)
	case err != nil:
		msg = err.Error()
	}
	r.e.emit(out.Address, out.Kind, phase, start, msg)
	return out
}

// remember records what a resource is now, for the refs of its dependents.
func (r *run) remember(a desired.Address, l Live, err error) {
	if err != nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.live[a] = l
}
