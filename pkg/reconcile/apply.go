package reconcile

import (
	"context"
	"fmt"
	"time"

	"github.com/everruns/reconciler/pkg/desired"
)

// ApplyOptions says how far Apply may go.
type ApplyOptions struct {
	// Targets restricts Apply to the addresses under these prefixes and
	// what they depend on.
	Targets []string
	// AllowReplace permits replacing (delete, then create) a resource whose
	// immutable field changed. Stateful resources are never replaced.
	AllowReplace bool
	// Wait bounds how long one resource is waited for (a certificate to be
	// issued, a rollout to complete); 0 means the engine's readiness
	// timeout.
	Wait time.Duration
	// NoWaitForPeople: a resource that needs a person to act
	// (Live.NeedsPerson) is not waited for; its dependents are blocked
	// with the reason. The daemon sets it: its loop must never hang on
	// a DNS record nobody has created yet.
	NoWaitForPeople bool
	// Guard, when set, is called right before every mutating call (each
	// create, update and delete, retries included); an error stops that
	// call before it is made, as a terminal failure wrapping ErrGuard and
	// the guard's error. The daemon passes its lease's Guard, so that a
	// replica that lost the lease stops before its next mutating call.
	//
	// The check covers the adapter's call as a whole; the AWS clients'
	// own retries inside it are checked too when the clients carry a
	// middleware that reads MutationGuardFrom (internal/awsconfig's
	// does): the guard rides in the context of every Create, Update and
	// Delete.
	Guard func() error
	// GuardDeadline, when set with Guard, says until when Guard's
	// permission holds (a lease's renew deadline; zero: not held): the
	// clients' middleware ends each mutating attempt's context then.
	GuardDeadline func() time.Time
	// ObserveOnly makes Apply plan and report without acting: no mutating
	// call (the file is suspended). It converges only when nothing differs.
	ObserveOnly bool
}

// Apply makes the environment match resources: it validates the graph
// (before any call), plans, acts in dependency order with independent
// resources in parallel, waits for readiness where a dependent needs it,
// then observes again and reports what is still different.
//
// A resource that fails blocks only its dependents. The error is for what
// stops Apply as a whole (an invalid graph, an observation that failed,
// ctx ending: then ctx.Err()); per-resource failures are in the Result.
func (e *Engine) Apply(ctx context.Context, id desired.Identity, resources []desired.Resource, opts ApplyOptions) (*Result, error) {
	g, err := newGraph(resources)
	if err != nil {
		return nil, err
	}
	if !opts.ObserveOnly {
		ctx = WithActing(ctx)
	}
	if opts.Guard != nil {
		// Not only the kinds' creates, updates and deletes mutate: an
		// apply's observation may record what it learnt (Acting), and such
		// a write by a replica that lost its lease is a write all the same.
		// The clients' middleware checks every mutating attempt made under
		// ctx; reads pass untouched.
		ctx = WithMutationGuard(ctx, MutationGuard{Check: opts.Guard, Deadline: opts.GuardDeadline})
	}
	p, err := e.plan(ctx, id, g, opts.Targets)
	if err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	res := &Result{Environment: id.Environment, Plan: p}
	if opts.ObserveOnly {
		res.Report, res.Final, res.verified = p.Report, p, true
		return res, nil
	}
	res.Outcomes = e.walk(ctx, id, p, opts)
	if err := ctx.Err(); err != nil {
		return res, err
	}
	final, err := e.verify(ctx, id, p, res.Outcomes)
	if err != nil {
		return res, fmt.Errorf("verify: %w", err)
	}
	noteHealed(&final.Report, res.Outcomes)
	res.Report, res.Final, res.verified = final.Report, final, true
	return res, nil
}
