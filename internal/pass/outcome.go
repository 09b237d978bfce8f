package pass

import (
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// Outcome is what one pass reports to the daemon.
type Outcome struct {
	Report drift.Report
	// Observed is true when every kind in scope was observed, so the
	// report, Managed and Drifted are facts about the environment.
	Observed bool
	// Managed counts by kind the resources in scope (under --target, with
	// an adapter); Drifted those still different after the pass, orphans
	// included.
	Managed map[string]int
	Drifted map[string]int
	// InProgress counts, by kind, the resources whose change AWS is still
	// carrying out (reconcile.Plan.InProgress: a rollout).
	InProgress map[string]int
	// Resources is, by address, what the pass's plan observed of each
	// resource in scope that exists: AWS's status and the adapter's
	// attributes (a certificate's expiry), for the metrics that follow a
	// resource's state rather than its drift. An apply pass observes
	// before acting, so what it created appears at the next pass.
	Resources map[desired.Address]Resource
	// Revision is the revision of the file the pass acted on: the last
	// valid one, which is not Source.Revision when that is invalid.
	Revision string
	// Source is what the pass read this time.
	Source SourceStatus
	// Mode is what the pass did: observe or act.
	Mode Mode
	// Found is, for an apply, the drift its plan found before acting (what
	// the pass set out to repair); Report is what remained after. Empty
	// for an observe pass, whose Report is what it found.
	Found drift.Report
	// Restraint is what the file said of acting at this pass: suspended,
	// inside a freeze window (Mode is then Observe), or a freeze
	// overridden by the commit. Restraint.Reason() is "suspended",
	// "frozen" or "" and Restraint.String() the sentence for a status.
	Restraint desired.Restraint
	// Repaired lists, dependencies first, the resources an apply pass
	// created, updated, replaced or deleted (a twin healed included).
	Repaired []desired.Address
}

// repaired lists what res changed in AWS.
func repaired(res *reconcile.Result) []desired.Address {
	var out []desired.Address
	for _, o := range res.Outcomes {
		changed := o.Action == drift.ActionCreate || o.Action == drift.ActionUpdate ||
			o.Action == drift.ActionReplace || o.Action == drift.ActionDelete
		if o.Status == reconcile.StatusDone && (changed || len(o.Healed) > 0) {
			out = append(out, o.Address)
		}
	}
	return out
}

// SourceStatus is the state of the source's latest revision.
type SourceStatus struct {
	Valid bool `json:"valid"`
	// Revision is the revision read ("" when the read failed before one
	// was known).
	Revision string `json:"revision,omitempty"`
	// Errors are the file's errors, each FILE:LINE:COL: message, or the
	// read's error.
	Errors []string `json:"errors,omitempty"`
}

// Resource is what was observed of one resource.
type Resource struct {
	Kind   string
	Status string
	Attrs  map[string]string
	// Ready and Failure are reconcile.Live's: up, or stopped in a state it
	// will not leave by itself (a failed rollout), and why.
	Ready   bool
	Failure string
}

// observed is o with the plan of a complete observation: after an apply,
// the plan made from what was observed after acting, so the gauges follow
// what the pass just created.
func (o Outcome) observed(plan *reconcile.Plan) Outcome {
	report := plan.Report
	o.InProgress = plan.InProgress()
	report.Revision = o.Revision
	o.Report, o.Observed = report, true
	o.Resources = map[desired.Address]Resource{}
	for _, c := range plan.Report.Changes {
		if l, ok := plan.Observed[c.Address]; ok && c.Action != drift.ActionOrphan {
			o.Resources[c.Address] = Resource{Kind: c.Kind, Status: l.Status, Attrs: l.Attrs, Ready: l.Ready, Failure: l.Failure}
		}
	}
	o.Managed, o.Drifted = map[string]int{}, map[string]int{}
	for _, c := range report.Changes {
		if c.Action != drift.ActionOrphan {
			o.Managed[c.Kind]++
		}
	}
	for _, c := range report.Outstanding() {
		o.Drifted[c.Kind]++
	}
	return o
}
