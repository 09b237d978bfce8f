// Package pass is one daemon pass: read the environment file from its
// source, validate it, then plan (observe only) or apply through the
// engine, and say what came of it. A revision whose file is invalid is
// never acted on, not even in part: the pass acts on the last good
// revision and reports the bad one.
package pass

import (
	"context"
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/source"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// Mode says whether a pass may change AWS.
type Mode int

const (
	// Observe plans only: no mutating call (a dry run, or a replica that
	// does not hold the lease).
	Observe Mode = iota
	// Act applies.
	Act
)

func (m Mode) String() string {
	if m == Act {
		return "apply"
	}
	return "observe"
}

// EngineFunc returns the engine for env's region. It is injected, so that
// the pass knows nothing of how adapters and AWS clients are wired.
type EngineFunc func(ctx context.Context, env *desired.Environment) (*reconcile.Engine, error)

// Runner runs passes, one at a time (it is not safe for concurrent use).
type Runner struct {
	Source  source.Source
	Engine  EngineFunc
	Targets []string
	// DryRun makes every pass observe only, whatever the mode asked.
	DryRun bool
	// Guard, when set, is checked by the engine right before every
	// mutating call of an apply (reconcile.ApplyOptions.Guard): the
	// lease's Guard, so that a replica that lost the lease mid-pass makes
	// no further change.
	Guard func() error
	// GuardDeadline says until when Guard's permission holds (the lease's
	// Deadline): each mutating AWS attempt's context ends then
	// (reconcile.ApplyOptions.GuardDeadline).
	GuardDeadline func() time.Time
	// Expand turns the environment into the resources the engine gets;
	// nil is env.Resources(). The command line passes
	// taskpolicy.Resources, which fills in the reconciler's generated
	// policy.
	Expand func(*desired.Environment) ([]desired.Resource, error)
	// Resolve, when set, rewrites the expanded resources before the
	// engine sees them (digest-policy images pinned by internal/registry).
	// It reports its own trouble; an error fails the pass.
	Resolve func(ctx context.Context, env *desired.Environment, resources []desired.Resource) ([]desired.Resource, error)
	Log     *zap.Logger
	// Now is the clock freeze windows are read against (default
	// time.Now).
	Now func() time.Time

	good *revision // the last valid revision read
}

// revision is a valid environment, the revision it was read at and that
// revision's commit message.
type revision struct {
	env     *desired.Environment
	id      string
	message string
}

// Run runs one pass in mode. The error is for a pass that could not
// observe, act or converge; an invalid source is not one as long as a
// valid revision was read before (Outcome.Source says what is wrong).
func (r *Runner) Run(ctx context.Context, mode Mode) (Outcome, error) {
	status := r.read(ctx)
	out := Outcome{Source: status}
	if r.good == nil {
		return out, fmt.Errorf("no valid revision of the environment file yet: %s", firstOf(status.Errors))
	}
	out.Revision = r.good.id
	engine, err := r.Engine(ctx, r.good.env)
	if err != nil {
		return out, err
	}
	if r.DryRun {
		mode = Observe
	}
	out.Restraint = r.restraint()
	if mode == Act && out.Restraint.ObserveOnly() {
		mode = Observe
	}
	out.Mode = mode
	resources, err := r.resources(ctx)
	if err != nil {
		return out, err
	}
	if mode == Observe {
		plan, err := engine.Plan(ctx, r.good.env.Identity(), resources, r.Targets)
		if err != nil {
			return out, err
		}
		return out.observed(plan), nil
	}
	res, err := engine.Apply(ctx, r.good.env.Identity(), resources,
		reconcile.ApplyOptions{Targets: r.Targets, NoWaitForPeople: true, Guard: r.Guard, GuardDeadline: r.GuardDeadline})
	if res != nil && res.Plan != nil {
		out.Found = res.Plan.Report
	}
	if err != nil {
		return out, err
	}
	out = out.observed(res.Final)
	out.Repaired = repaired(res)
	if !res.Converged() {
		return out, fmt.Errorf("not converged: %w", res.Err())
	}
	return out, nil
}

// restraint is what the file says of acting now: suspended, inside a
// freeze window, or a freeze overridden by the commit (break-glass, always
// logged).
func (r *Runner) restraint() desired.Restraint {
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	rs := r.good.env.Restraint(now(), r.good.message)
	switch {
	case rs.ObserveOnly():
		r.Log.Info("observing only", zap.String("reason", rs.Reason()), zap.String("detail", rs.String()), zap.String("revision", r.good.id))
	case rs.Overridden:
		r.Log.Warn("freeze window overridden by the commit's override token", zap.String("detail", rs.String()), zap.String("revision", r.good.id))
	}
	return rs
}

// resources is the good revision's resources: expanded (Expand), then
// resolved when a resolver is set.
func (r *Runner) resources(ctx context.Context) ([]desired.Resource, error) {
	rs, err := r.expand(r.good.env)
	if err != nil || r.Resolve == nil {
		return rs, err
	}
	return r.Resolve(ctx, r.good.env, rs)
}

func (r *Runner) expand(env *desired.Environment) ([]desired.Resource, error) {
	if r.Expand == nil {
		return env.Resources(), nil
	}
	return r.Expand(env)
}

func firstOf(errs []string) string {
	if len(errs) == 0 {
		return "unknown error"
	}
	if len(errs) > 1 {
		return fmt.Sprintf("%s (and %d more)", errs[0], len(errs)-1)
	}
	return errs[0]
}

// read fetches and validates the source; a valid revision becomes the
// one passes act on.
func (r *Runner) read(ctx context.Context) SourceStatus {
	snap, err := r.Source.Fetch(ctx)
	if err != nil {
		r.Log.Warn("environment file unreadable; acting on the last good revision",
			zap.String("revision", snap.Revision), zap.String("last_good", r.goodID()), zap.Error(err))
		return SourceStatus{Revision: snap.Revision, Errors: []string{err.Error()}}
	}
	env, diags := desired.Parse(snap.Name, snap.Data)
	for _, d := range diags.Warnings() {
		r.Log.Warn("environment file", zap.String("revision", snap.Revision), zap.String("diagnostic", d.String()))
	}
	if env == nil || diags.HasErrors() {
		status := SourceStatus{Revision: snap.Revision}
		for _, d := range diags.Errors() {
			status.Errors = append(status.Errors, d.String())
			r.Log.Warn("environment file invalid; acting on the last good revision",
				zap.String("revision", snap.Revision), zap.String("last_good", r.goodID()), zap.String("diagnostic", d.String()))
		}
		return status
	}
	r.good = &revision{env: env, id: snap.Revision, message: snap.Message}
	return SourceStatus{Valid: true, Revision: snap.Revision}
}

func (r *Runner) goodID() string {
	if r.good == nil {
		return ""
	}
	return r.good.id
}
