package reconcile

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
)

// act compares res with what is known now (its dependencies may have just
// been created, so the plan's view is stale) and makes the one call the
// change asks for.
func (r *run) act(ctx context.Context, res desired.Resource) (Live, drift.Action, error) {
	r.mu.Lock()
	resolved, unresolved := resolve(res, r.live)
	live, exists := r.live[res.Address]
	r.mu.Unlock()
	k := r.e.kinds[res.Kind]
	live, err := completeOne(ctx, k, resolved, live, exists)
	if err != nil {
		return live, drift.ActionNone, err
	}
	ch := refusal(k, resolved, live, drift.CompareObserved(resolved, live.observed(exists, k)))
	switch {
	case ch.Action == drift.ActionNone:
		return live, ch.Action, nil
	case ch.ReportOnly && (ch.Action == drift.ActionUpdate || ch.Action == drift.ActionReplace):
		// drift_policy drift: report: alert-only, no call.
		return live, ch.Action, errReportOnly
	case ch.Action == drift.ActionRefused:
		// Refused before any call: the file asks what AWS would refuse.
		return live, ch.Action, refused(fmt.Errorf("change %s: %s", res.Address, ch.Reason))
	case unresolved > 0:
		return live, ch.Action, Terminal(fmt.Errorf("%s %s: %d reference(s) to resources that do not exist", ch.Action, res.Address, unresolved))
	}
	k = r.kind(res.Kind) // acting goes through the guard, if any
	switch ch.Action {
	case drift.ActionCreate:
		live, err = r.e.create(ctx, r.id, k, resolved)
	case drift.ActionUpdate:
		live, err = r.e.update(ctx, r.id, k, resolved, live, ch.Fields)
	case drift.ActionReplace:
		live, err = r.replace(ctx, k, resolved, live, ch.Reason)
	default:
		err = Terminal(fmt.Errorf("%s %s: action not carried out by the engine", ch.Action, res.Address))
	}
	r.remember(res.Address, live, err)
	return live, ch.Action, err
}

// create makes res. If a create fails its outcome may be unknown (the
// request reached AWS, the answer was lost), so before trying again the
// engine observes and adopts what the first attempt made: never create
// twice (crossplane's errCreateIncomplete).
func (e *Engine) create(ctx context.Context, id desired.Identity, k Kind, res desired.Resource) (Live, error) {
	start := e.clock.Now()
	e.emit(res.Address, res.Kind, PhaseCreate, start, "")
	var live Live
	err := e.withRetry(ctx, res.Address, res.Kind, func(attempt int) error {
		if attempt > 0 {
			m, err := k.Observe(ctx, id)
			if err != nil {
				return err
			}
			if l, ok := m[res.Address]; ok {
				live = l
				return nil
			}
		}
		l, err := k.Create(ctx, id, res)
		live = l
		return err
	})
	if err != nil {
		return Live{}, fmt.Errorf("create %s: %w", res.Address, err)
	}
	if live.Address == "" {
		live.Address = res.Address
	}
	return live, nil
}

// update changes live in place; what the adapter does not return (it may
// answer with only the fields it touched) is kept from before.
func (e *Engine) update(ctx context.Context, id desired.Identity, k Kind, res desired.Resource, live Live, delta drift.Delta) (Live, error) {
	e.emit(res.Address, res.Kind, PhaseUpdate, e.clock.Now(), strings.Join(delta.Fields(), ", "))
	var got Live
	err := e.withRetry(ctx, res.Address, res.Kind, func(int) error {
		var err error
		got, err = k.Update(ctx, id, res, live, delta)
		return err
	})
	if err != nil {
		return Live{}, fmt.Errorf("update %s: %w", res.Address, err)
	}
	return merge(live, got), nil
}

func merge(old, got Live) Live {
	if got.Address == "" {
		got.Address = old.Address
	}
	if got.ID == "" {
		got.ID = old.ID
	}
	if got.Attrs == nil {
		got.Attrs = old.Attrs
	}
	if got.Fields == nil {
		got.Fields = old.Fields
	}
	return got
}

// replace deletes and re-creates res, but only when asked to, and never a
// stateful resource: its data would be lost.
func (r *run) replace(ctx context.Context, k Kind, res desired.Resource, live Live, reason string) (Live, error) {
	switch {
	case res.Stateful:
		return live, refused(fmt.Errorf("replace %s: %s, and stateful resources are never replaced", res.Address, reason))
	case !r.opts.AllowReplace:
		return live, refused(fmt.Errorf("replace %s: %s; replacing needs --allow-replace", res.Address, reason))
	}
	if deps := r.existingDependents(res.Address); len(deps) > 0 {
		// AWS refuses to delete what others still use (EC2's
		// DependencyViolation); the engine does not cascade deletes.
		return live, refused(fmt.Errorf("replace %s: %s, but %s still depend on it and AWS refuses to delete it while they exist; delete or replace them first",
			res.Address, reason, strings.Join(deps, ", ")))
	}
	r.e.emit(res.Address, res.Kind, PhaseReplace, r.e.clock.Now(), reason)
	err := r.e.withRetry(ctx, res.Address, res.Kind, func(int) error { return k.Delete(ctx, live) })
	if err != nil {
		return Live{}, fmt.Errorf("replace %s: delete: %w", res.Address, err)
	}
	return r.e.create(ctx, r.id, k, res)
}

func refused(err error) error { return Terminal(fmt.Errorf("%w: %w", ErrRefused, err)) }

func isRefused(err error) bool { return errors.Is(err, ErrRefused) }

func ctxErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// existingDependents lists the resources in the file that depend on a and
// exist now, sorted.
func (r *run) existingDependents(a desired.Address) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for d, deps := range r.plan.graph.deps {
		if _, exists := r.live[d]; exists && slices.Contains(deps, a) {
			out = append(out, string(d))
		}
	}
	slices.Sort(out)
	return out
}
