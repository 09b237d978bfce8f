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
)

// FieldChange is one differing field.
type FieldChange struct {
	Path    string `json:"path"`
	Desired any    `json:"desired"`
	Live    any    `json:"live"`
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
}

// Report is the outcome of comparing one environment.
type Report struct {
	Environment string   `json:"environment"`
	Changes     []Change `json:"changes"`
}
