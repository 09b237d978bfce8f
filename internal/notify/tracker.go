// Package notify turns the daemon's passes into incidents and tells
// people about them: each incident (a drifted resource, a failed rollout,
// passes failing for too long, an invalid revision, the lease lost with
// no holder) is announced once when it opens and once when it is
// resolved, never again while it lasts, however many passes see it.
//
// Tracker is pure: it takes each pass's outcome and returns the events.
// Sender delivers events to incoming webhooks (Slack's, or a generic JSON
// body), retried and counted, bounded and redacted.
package notify

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/everruns/reconciler/internal/pass"
	"github.com/everruns/reconciler/pkg/drift"
)

// Kind is what an incident is about.
type Kind string

const (
	KindDrift           Kind = "drift"
	KindRolloutFailed   Kind = "rollout_failed"
	KindPassesFailing   Kind = "passes_failing"
	KindInvalidRevision Kind = "invalid_revision"
	KindLeaseLost       Kind = "lease_lost"
)

// Incident is one thing wrong, from the pass that first saw it.
type Incident struct {
	// Key is the kind and what it is about ("drift:network.vpc.main"):
	// one key, one incident.
	Key     string `json:"key"`
	Kind    Kind   `json:"kind"`
	Summary string `json:"summary"`
	// Details are lines for people: the fields that differ, the stopped
	// reason, the file's errors. Never a secret value.
	Details []string `json:"details,omitempty"`
	// Commit is the revision the pass acted on (or the invalid one).
	Commit    string    `json:"commit,omitempty"`
	Resources []string  `json:"resources,omitempty"`
	Since     time.Time `json:"since"`
	// WillRepair says, for drift, whether the daemon repairs it by itself.
	WillRepair bool `json:"will_repair,omitempty"`
}

// EventType is opened or resolved.
type EventType string

const (
	Opened   EventType = "opened"
	Resolved EventType = "resolved"
)

// Event is an incident opening or resolving.
type Event struct {
	Type     EventType `json:"event"`
	Incident Incident  `json:"incident"`
	At       time.Time `json:"at"`
	// Resolution says how it ended ("repaired", "rollout succeeded").
	Resolution string `json:"resolution,omitempty"`
}

// Pass is what the tracker needs of one pass.
type Pass struct {
	At      time.Time
	Outcome pass.Outcome
	Err     error
	// FailingSince is when passes began failing to observe (zero while
	// they observe).
	FailingSince time.Time
	// LeaseLost says the lease is lost and no replica holds it.
	LeaseLost bool
}

// Tracker remembers the open incidents between passes. It is not safe
// for concurrent use (the daemon runs one pass at a time).
type Tracker struct {
	// StaleAfter is how long passes may fail before that is an incident.
	StaleAfter time.Duration
	open       map[string]Incident
	// converged is the revision the last observing pass acted on: what an
	// apply finds different from a revision already acted on is drift;
	// what it finds on a new revision is that revision's change.
	converged string
}

// NewTracker returns a tracker with no incident open.
func NewTracker(staleAfter time.Duration) *Tracker {
	return &Tracker{StaleAfter: staleAfter, open: map[string]Incident{}}
}

// Open returns the open incidents, by key.
func (t *Tracker) Open() []Incident {
	out := make([]Incident, 0, len(t.open))
	for _, k := range sortedKeys(t.open) {
		out = append(out, t.open[k])
	}
	return out
}

// Observe takes one pass and returns the incidents it opens and resolves:
// first those it resolves, then those it opens, then the drift it found
// and repaired in the same pass (opened and resolved at once), each in key
// order.
func (t *Tracker) Observe(p Pass) []Event {
	now, repaired := t.current(p)
	if p.Outcome.Observed {
		t.converged = p.Outcome.Revision
	}
	var events []Event
	wasOpen := make(map[string]bool, len(t.open))
	for k := range t.open {
		wasOpen[k] = true
	}
	for _, k := range sortedKeys(t.open) {
		inc := t.open[k]
		if _, still := now[k]; still {
			continue
		}
		if !p.Outcome.Observed && (inc.Kind == KindDrift || inc.Kind == KindRolloutFailed) {
			continue // not observed this time: unknown, not resolved
		}
		delete(t.open, k)
		events = append(events, Event{Type: Resolved, Incident: inc, At: p.At, Resolution: resolution(inc, p)})
	}
	for _, k := range sortedKeys(now) {
		if _, known := t.open[k]; known {
			continue
		}
		inc := now[k]
		inc.Since = p.At
		if inc.Kind == KindPassesFailing {
			inc.Since = p.FailingSince
		}
		t.open[k] = inc
		events = append(events, Event{Type: Opened, Incident: inc, At: p.At})
	}
	for _, k := range sortedKeys(repaired) {
		if _, resolvedAbove := now[k]; resolvedAbove {
			continue
		}
		if wasOpen[k] {
			continue
		}
		inc := repaired[k]
		inc.Since = p.At
		events = append(events, Event{Type: Opened, Incident: inc, At: p.At},
			Event{Type: Resolved, Incident: inc, At: p.At, Resolution: resolution(inc, p)})
	}
	return events
}

// current is the incidents that p shows, and the drift an apply found and
// repaired within p.
func (t *Tracker) current(p Pass) (map[string]Incident, map[string]Incident) {
	out, repaired := map[string]Incident{}, map[string]Incident{}
	o := p.Outcome
	acting := o.Mode == pass.Act
	if o.Observed {
		failed := map[string]bool{}
		for _, c := range o.Report.Changes {
			f, ok := RolloutFailed(c)
			if !ok {
				continue
			}
			failed[string(c.Address)] = true
			inc := Incident{Key: string(KindRolloutFailed) + ":" + string(c.Address), Kind: KindRolloutFailed,
				Summary: "rollout failed: " + f.Short(), Details: []string{f.Note}, Commit: o.Revision,
				Resources: []string{string(c.Address)}}
			out[inc.Key] = inc
		}
		for _, c := range o.Report.Outstanding() {
			if failed[string(c.Address)] {
				continue // the failed rollout is the incident, not drift
			}
			inc := driftIncident(c, o.Revision, acting)
			out[inc.Key] = inc
		}
		for _, c := range o.Found.Outstanding() {
			if o.Revision != t.converged {
				break // the new revision's own changes, not drift
			}
			if inc := driftIncident(c, o.Revision, acting); out[inc.Key].Key == "" {
				repaired[inc.Key] = inc
			}
		}
	}
	if !p.FailingSince.IsZero() && p.At.Sub(p.FailingSince) > t.StaleAfter {
		inc := Incident{Key: string(KindPassesFailing), Kind: KindPassesFailing, Commit: o.Revision,
			Summary: fmt.Sprintf("passes have failed to observe the environment since %s", p.FailingSince.UTC().Format(time.RFC3339))}
		if p.Err != nil {
			inc.Details = []string{p.Err.Error()}
		}
		out[inc.Key] = inc
	}
	if s := o.Source; !s.Valid && s.Revision != "" && len(s.Errors) > 0 {
		inc := Incident{Key: string(KindInvalidRevision) + ":" + s.Revision, Kind: KindInvalidRevision, Commit: s.Revision,
			Summary: fmt.Sprintf("revision %s of the environment file is invalid; passes act on %s", short(s.Revision), orNone(short(o.Revision))),
			Details: s.Errors}
		out[inc.Key] = inc
	}
	if p.LeaseLost {
		inc := Incident{Key: string(KindLeaseLost), Kind: KindLeaseLost, Commit: o.Revision,
			Summary: "the lease is lost and no replica holds it: nothing repairs the environment"}
		out[inc.Key] = inc
	}
	return out, repaired
}

func driftIncident(c drift.Change, revision string, acting bool) Incident {
	inc := Incident{Key: string(KindDrift) + ":" + string(c.Address), Kind: KindDrift, Commit: revision,
		Resources: []string{string(c.Address)}, WillRepair: acting && repairable(c.Action)}
	inc.Summary = fmt.Sprintf("%s %s (%s): %s", c.Address, verb(c.Action), c.Kind, repairWord(inc.WillRepair, c.Action))
	if c.Reason != "" {
		inc.Details = append(inc.Details, c.Reason)
	}
	for _, f := range c.Fields {
		inc.Details = append(inc.Details, drift.FormatField(f))
	}
	return inc
}

func resolution(inc Incident, p Pass) string {
	switch inc.Kind {
	case KindDrift:
		if p.Outcome.Mode == pass.Act {
			return "repaired: the resource matches the file"
		}
		return "the resource matches the file again"
	case KindRolloutFailed:
		return "a rollout succeeded after the failure"
	case KindPassesFailing:
		return "passes observe the environment again"
	case KindInvalidRevision:
		if p.Outcome.Source.Valid {
			return "revision " + short(p.Outcome.Source.Revision) + " is valid"
		}
		return "superseded by revision " + short(p.Outcome.Source.Revision)
	case KindLeaseLost:
		return "a replica holds the lease again"
	}
	return "resolved"
}

// repairable says whether the daemon carries out a change by itself: it
// never replaces, never sends a refused change, and leaves orphans and
// unsupported kinds to people.
func repairable(a drift.Action) bool {
	return a == drift.ActionCreate || a == drift.ActionUpdate
}

func verb(a drift.Action) string {
	switch a {
	case drift.ActionCreate:
		return "is missing"
	case drift.ActionUpdate:
		return "differs from the file"
	case drift.ActionReplace:
		return "differs in a field that needs a replacement"
	case drift.ActionRefused:
		return "needs a change AWS refuses"
	case drift.ActionOrphan:
		return "is no longer in the file"
	case drift.ActionDelete:
		return "is to be deleted"
	}
	return "differs (" + string(a) + ")"
}

func repairWord(will bool, a drift.Action) string {
	switch {
	case will:
		return "the daemon repairs it"
	case repairable(a):
		return "not repaired by this replica (observe-only)"
	}
	return "needs a person"
}

func short(rev string) string {
	if len(rev) > 12 && !strings.Contains(rev, ":") {
		return rev[:12]
	}
	return rev
}

func orNone(s string) string {
	if s == "" {
		return "no valid revision yet"
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
