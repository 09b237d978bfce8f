package reconcile

import (
	"errors"
	"fmt"
	"strings"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
)

// Status is what became of one resource during Apply.
type Status string

const (
	StatusDone        Status = "done"        // in sync, acted on or not
	StatusFailed      Status = "failed"      // an action or the readiness wait failed
	StatusBlocked     Status = "blocked"     // a dependency failed, so nothing was tried
	StatusRefused     Status = "refused"     // a change the engine will not make: a replacement, or one the adapter refuses (Refuser)
	StatusUnsupported Status = "unsupported" // no adapter for its kind
	StatusCanceled    Status = "canceled"    // the context ended first
	StatusWaiting     Status = "waiting"     // not ready until a person acts; not waited for
	// StatusReported: drift of a resource whose policy is drift: report,
	// reported and deliberately left alone.
	StatusReported Status = "reported"
)

// errReportOnly is the outcome of a resource whose drift is only
// reported: not a failure, and dependents go on.
var errReportOnly = errors.New("drift reported, not repaired (drift_policy drift: report)")

// Outcome is what Apply did with one resource.
type Outcome struct {
	Address desired.Address
	Kind    string
	Action  drift.Action // what the resource needed when the engine reached it
	Status  Status
	// BlockedBy is, for a blocked resource, the failed resource at the
	// root of the chain.
	BlockedBy desired.Address
	Err       error
	// Healed says, for each twin of the resource that was deleted, what
	// was deleted and what was kept.
	Healed []string
}

// usable says whether dependents may go on: a refused replacement leaves
// the old resource in place, still usable.
func (o Outcome) usable() bool {
	return o.Status == StatusDone || o.Status == StatusRefused || o.Status == StatusReported
}

// Result is what Apply did and what is still different afterwards.
type Result struct {
	Environment string
	// Plan is the plan Apply started from.
	Plan *Plan
	// Outcomes has one entry per resource in scope, dependencies first.
	Outcomes []Outcome
	// Report is the drift observed after acting (terraform's verification
	// against the plan): what is still different, in the same form as diff.
	Report drift.Report
	// Final is the plan made from that last observation (nil if Apply
	// stopped before it): Final.Report is Report.
	Final    *Plan
	verified bool
}

// Converged reports whether every resource was handled and the environment
// observed afterwards matches the file. Orphans do not count: the engine
// reports them but never deletes without being asked; nor does drift whose
// policy is report-only, which the engine leaves alone by design. An
// observe-only Apply converges only when nothing differs.
func (r *Result) Converged() bool {
	if !r.verified || len(r.Report.Unsupported) > 0 {
		return false
	}
	for _, o := range r.Outcomes {
		if o.Status != StatusDone && o.Status != StatusReported {
			return false
		}
	}
	for _, c := range r.Report.Changes {
		if c.Action != drift.ActionNone && c.Action != drift.ActionOrphan && !c.ReportOnly {
			return false
		}
	}
	return true
}

// Err joins the errors of the resources that failed or were refused, one
// per cause: a blocked resource is not listed on its own, but named once
// after the failure that blocks it ("…; blocks a, b").
func (r *Result) Err() error {
	blocks := map[desired.Address][]string{}
	for _, o := range r.Outcomes {
		if o.Status == StatusBlocked && o.BlockedBy != "" {
			blocks[o.BlockedBy] = append(blocks[o.BlockedBy], string(o.Address))
		}
	}
	var errs []error
	for _, o := range r.Outcomes {
		if o.Err == nil || o.Status == StatusBlocked || o.Status == StatusReported {
			continue
		}
		if deps := blocks[o.Address]; len(deps) > 0 {
			errs = append(errs, blockingError{err: o.Err, blocks: deps})
			continue
		}
		errs = append(errs, o.Err)
	}
	return errors.Join(errs...)
}

// blockingError is a failure with the resources it kept from being tried.
type blockingError struct {
	err    error
	blocks []string
}

func (e blockingError) Error() string {
	return fmt.Sprintf("%v; blocks %s", e.err, strings.Join(e.blocks, ", "))
}
func (e blockingError) Unwrap() error { return e.err }
