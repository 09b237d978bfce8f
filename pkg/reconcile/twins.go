package reconcile

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
)

// Twin is a resource that claims the same address as a Live it is not:
// the trace of a create made twice (two daemons racing without a lease, a
// create without an idempotency token retried after its answer was lost).
type Twin struct {
	ID string
	// CreatedAt is zero when the twin carries no creation time: it was
	// not provably made by the reconciler, so it is never deleted.
	CreatedAt time.Time
}

// TwinHealer is implemented by a kind whose twins the engine may heal.
// DeleteTwin deletes twin, the younger of two resources claiming keep's
// address, only if AWS says, right before the delete, that it is empty and
// that nothing depends on it; otherwise it deletes nothing and returns a
// Terminal error saying what still uses it. diff never calls it.
type TwinHealer interface {
	DeleteTwin(ctx context.Context, keep Live, twin Twin) error
}

// observed is l in the form pkg/drift compares, with a note per twin
// saying what apply would do with it.
func (l Live) observed(exists bool, k Kind) drift.Observed {
	notes := l.Notes
	if exists && len(l.Twins) > 0 {
		_, heals := k.(TwinHealer)
		notes = slices.Clone(notes)
		for _, t := range l.Twins {
			notes = append(notes, twinNote(l, t, heals))
		}
	}
	return drift.Observed{Exists: exists, Fields: l.Fields, Pending: l.Pending, Notes: notes}
}

// TwinsField is the field path under which a report lists the twins of a
// resource: desired none, live their IDs. A twin is something apply acts
// on (heals) or refuses, so it makes the report not in sync even when the
// kept resource is.
const TwinsField = "twins"

// withTwins adds l's twins to ch, the report's change for it: a change in
// sync becomes an update (apply heals), or refused when apply can heal none
// of them (no creation time, a kind that cannot heal), with the reason.
// Only the report gets this: act compares without it, so no adapter is
// ever asked to update a twins field.
func withTwins(ch drift.Change, l Live, exists bool, k Kind) drift.Change {
	if !exists || len(l.Twins) == 0 {
		return ch
	}
	ids := make([]any, len(l.Twins))
	var why []string
	_, heals := k.(TwinHealer)
	for i, t := range l.Twins {
		ids[i] = t.ID
		if t.CreatedAt.IsZero() || !heals {
			why = append(why, fmt.Sprintf("twin %s cannot be healed", t.ID))
		}
	}
	ch.Fields = append(ch.Fields, drift.FieldChange{Path: TwinsField, Live: ids})
	switch {
	case ch.Action != drift.ActionNone:
	case len(why) == len(l.Twins):
		ch.Action, ch.Reason = drift.ActionRefused, strings.Join(why, "; ")+" (see notes)"
	default:
		ch.Action = drift.ActionUpdate
	}
	return ch
}

func twinNote(keep Live, t Twin, heals bool) string {
	what := "apply deletes it if it is empty and nothing depends on it, and refuses otherwise"
	switch {
	case t.CreatedAt.IsZero():
		what = "it has no creation time, so it was not provably made by the reconciler: apply refuses to delete it"
	case !heals:
		what = "apply refuses: this kind cannot heal twins"
	}
	return fmt.Sprintf("twin: %s also claims this address; %s (older) is kept; %s", describeTwin(t), keep.ID, what)
}

func describeTwin(t Twin) string {
	if t.CreatedAt.IsZero() {
		return t.ID
	}
	return fmt.Sprintf("%s (created %s)", t.ID, t.CreatedAt.UTC().Format(time.RFC3339Nano))
}

// healTwins deletes the twins of live that its kind proves empty (see
// TwinHealer), through the guard, and returns live with the twins left.
// A twin that cannot be deleted makes the address refused (its dependents
// go on with the kept resource, which is in place); the rest of the pass
// goes on.
func (r *run) healTwins(ctx context.Context, res desired.Resource, live Live) (Live, []string, error) {
	var left []Twin
	var healed []string
	var refusals []error
	for _, t := range live.Twins {
		if err := r.healTwin(ctx, res, live, t); err != nil {
			left, refusals = append(left, t), append(refusals, err)
			continue
		}
		msg := fmt.Sprintf("healed twin: deleted %s (younger, empty), kept %s", t.ID, live.ID)
		r.e.emit(res.Address, res.Kind, PhaseDelete, r.e.clock.Now(), msg)
		healed = append(healed, msg)
	}
	live.Twins = left
	err := errors.Join(refusals...)
	switch {
	case err == nil:
		return live, healed, nil
	case errors.Is(err, ErrGuard):
		// Not a refusal: this replica may no longer act at all.
		return live, healed, fmt.Errorf("heal twins of %s: %w", res.Address, err)
	}
	return live, healed, refused(fmt.Errorf("heal twins of %s: %w", res.Address, err))
}

func (r *run) healTwin(ctx context.Context, res desired.Resource, keep Live, t Twin) error {
	h, ok := r.e.kinds[res.Kind].(TwinHealer)
	switch {
	case t.CreatedAt.IsZero():
		return fmt.Errorf("kept %s, left %s: it has no creation time, so it was not provably made by the reconciler", keep.ID, t.ID)
	case !ok:
		return fmt.Errorf("kept %s, left %s: kind %s cannot heal twins", keep.ID, t.ID, res.Kind)
	}
	deleteCtx := ctx
	if r.opts.Guard != nil {
		deleteCtx = WithMutationGuard(ctx, MutationGuard{Check: r.opts.Guard, Deadline: r.opts.GuardDeadline})
	}
	err := r.e.withRetry(ctx, res.Address, res.Kind, func(int) error {
		if r.opts.Guard != nil {
			if err := r.opts.Guard(); err != nil {
				return Terminal(fmt.Errorf("%w: delete not attempted: %w", ErrGuard, err))
			}
		}
		return h.DeleteTwin(deleteCtx, keep, t)
	})
	if err != nil {
		return fmt.Errorf("kept %s, left %s: %w", keep.ID, t.ID, err)
	}
	return nil
}

// twinsOf is the twins observed at a before it is acted on: an update
// answers with the resource alone.
func (r *run) twinsOf(a desired.Address) []Twin {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.live[a].Twins
}

// heal heals, once res is acted on, the twins observed before and those
// its create found (an adapter whose create takes no idempotency token
// reports the older resource, with its own among the twins, when another
// creator got there first). Nothing is healed after a failure.
func (r *run) heal(ctx context.Context, res desired.Resource, live Live, actErr error, observed []Twin) (Live, []string, error) {
	twins := mergeTwins(live.ID, observed, live.Twins)
	if len(twins) == 0 || (actErr != nil && !isRefused(actErr)) {
		return live, nil, nil
	}
	live.Twins = twins
	live, healed, err := r.healTwins(ctx, res, live)
	r.mu.Lock()
	if l, ok := r.live[res.Address]; ok && l.ID == live.ID {
		l.Twins = live.Twins
		r.live[res.Address] = l
	}
	r.mu.Unlock()
	return live, healed, err
}

// mergeTwins is a and b without duplicates and without keep itself.
func mergeTwins(keep string, a, b []Twin) []Twin {
	seen := map[string]bool{keep: true}
	var out []Twin
	for _, t := range slices.Concat(a, b) {
		if !seen[t.ID] {
			seen[t.ID] = true
			out = append(out, t)
		}
	}
	return out
}

// noteHealed adds what healing did to the report made after acting, where
// the deleted twins are no longer observed, and gives a twin left in place
// the reason apply refused it (what still uses it).
func noteHealed(rep *drift.Report, outcomes []Outcome) {
	byAddr := map[desired.Address]Outcome{}
	for _, o := range outcomes {
		byAddr[o.Address] = o
	}
	for i, c := range rep.Changes {
		o, ok := byAddr[c.Address]
		if !ok {
			continue
		}
		rep.Changes[i].Notes = slices.Concat(c.Notes, o.Healed)
		if c.Reason == "" && o.Status == StatusRefused && o.Err != nil && listsTwins(c) {
			rep.Changes[i].Reason = o.Err.Error()
		}
	}
}

func listsTwins(c drift.Change) bool {
	return slices.ContainsFunc(c.Fields, func(f drift.FieldChange) bool { return f.Path == TwinsField })
}
