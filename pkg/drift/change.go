// Package drift computes, with pure functions, what separates the desired
// state of an environment from what was observed in AWS, and renders it for
// people and scripts. It imports no AWS package.
package drift

import "github.com/everruns/reconciler/pkg/desired"

// Action is what a change asks of the engine.
type Action string

const (
	ActionNone    Action = "none"
	ActionCreate  Action = "create"
	ActionUpdate  Action = "update"
	ActionReplace Action = "replace" // an immutable field changed; carried out only with --allow-replace
	ActionDelete  Action = "delete"
	ActionOrphan  Action = "orphan" // in AWS with the environment's tags but no longer in the file
	// ActionRefused marks a change the file asks for but AWS would refuse
	// (a database's storage shrunk, its engine downgraded): the Reason says
	// why, and apply never sends it.
	ActionRefused Action = "refused"
	// ActionUnsupported marks a resource whose kind has no adapter: it can
	// be neither observed nor changed. Such changes are listed in
	// Report.Unsupported, never in Report.Changes, so that "changes" keeps
	// meaning "what acting would do".
	ActionUnsupported Action = "unsupported"
)

// Unknown stands, in a report, for a value known only after apply: a
// desired.Ref whose referent does not exist yet.
const Unknown = "(known after apply)"

// ReportOnlyLabel follows, in a report, a change that is drift the
// engine only reports (drift_policy drift: report).
const ReportOnlyLabel = "drift (report only)"

// Redacted replaces, in a report, the value of a sensitive field.
const Redacted = "(sensitive)"

// FieldChange is one differing field.
type FieldChange struct {
	// Path is the field's path: a top-level field ("cidr_block") or a key of
	// a map field ("tags.Name").
	Path string `json:"path"`
	// Desired and Live are normalised values (numbers as int64 or float64,
	// sets sorted canonically, JSON documents parsed); nil means absent.
	Desired any `json:"desired"`
	Live    any `json:"live"`
	// Added and Removed are, for a set, the elements that the desired set
	// has and the live one lacks, and the reverse. Desired and Live still
	// hold the full sets.
	Added   []any `json:"added,omitempty"`
	Removed []any `json:"removed,omitempty"`
	// Sensitive says that Desired and Live were replaced by Redacted.
	Sensitive bool `json:"sensitive,omitempty"`
}

// Change is the verdict for one resource.
type Change struct {
	Address desired.Address `json:"address"`
	Kind    string          `json:"kind"`
	Action  Action          `json:"action"`
	// Reason explains the action to people ("cidr_block cannot be changed in
	// place"); it never drives a decision.
	Reason string        `json:"reason,omitempty"`
	Fields []FieldChange `json:"fields,omitempty"`
	// Pending lists the fields that differ but whose desired value AWS has
	// already accepted and will apply by itself (an RDS change waiting for
	// the maintenance window). They are not changes to make: a change with
	// only pending fields has ActionNone.
	Pending []FieldChange `json:"pending,omitempty"`
	// Notes are facts a person needs to act on or know about ("create
	// CNAME _x.example.com → _y.acm-validations.aws", "expires in 12
	// days"), from the adapter; never a secret value.
	Notes []string `json:"notes,omitempty"`
	// ReportOnly marks drift of an existing resource whose policy is
	// drift: report (alert-only): reported, never repaired.
	ReportOnly bool `json:"report_only,omitempty"`
}

// Report is the outcome of comparing one environment.
type Report struct {
	Environment string `json:"environment"`
	// Revision is the revision of the file the report was made from (a git
	// commit, or the file's digest), when the caller knows it.
	Revision string   `json:"revision,omitempty"`
	Changes  []Change `json:"changes"`
	// Unsupported lists the resources of the file whose kind has no
	// adapter: never silently skipped, and never in sync.
	Unsupported []Change `json:"unsupported,omitempty"`
}
