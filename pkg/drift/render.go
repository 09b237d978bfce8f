package drift

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// WriteText renders r for a person, like a terraform plan: one block per
// resource that is not in sync, then a summary line.
func WriteText(w io.Writer, r Report) error { return writeText(w, r, false) }

// WriteTextGrouped is WriteText for what is left after an apply: the
// creates still pending (blocked, or waiting for a person) are one line
// per kind naming their addresses, since every field of a resource not
// yet created, its tags included, says nothing the file does not.
// Updates, replacements and deletions keep their fields.
func WriteTextGrouped(w io.Writer, r Report) error { return writeText(w, r, true) }

func writeText(w io.Writer, r Report, groupCreates bool) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Environment %s\n", r.Environment)
	listed := append(r.Outstanding(), r.Unsupported...)
	if len(listed) == 0 {
		b.WriteString("\nNo changes. The environment matches the file.\n")
	}
	if groupCreates {
		listed = writeCreatesByKind(&b, listed)
	}
	for _, c := range listed {
		fmt.Fprintf(&b, "\n%s %s (%s) %s", symbol(c.Action), c.Address, c.Kind, c.Action)
		if c.ReportOnly {
			b.WriteString(" " + ReportOnlyLabel)
		}
		if c.Reason != "" {
			fmt.Fprintf(&b, ": %s", c.Reason)
		}
		b.WriteString("\n")
		for _, f := range c.Fields {
			fmt.Fprintf(&b, "    %s\n", formatField(f))
		}
	}
	writeTextAside(&b, r)
	fmt.Fprintf(&b, "\n%s.\n", summaryLine(r.Summary()))
	_, err := io.WriteString(w, b.String())
	return err
}

// writeCreatesByKind writes the creates among listed, one line per kind
// in order of first appearance, and returns the other changes.
func writeCreatesByKind(b *strings.Builder, listed []Change) []Change {
	var kinds []string
	byKind := map[string][]string{}
	var rest []Change
	for _, c := range listed {
		if c.Action != ActionCreate {
			rest = append(rest, c)
			continue
		}
		if _, ok := byKind[c.Kind]; !ok {
			kinds = append(kinds, c.Kind)
		}
		byKind[c.Kind] = append(byKind[c.Kind], string(c.Address))
	}
	if len(kinds) > 0 {
		b.WriteString("\nTo create:\n")
	}
	for _, k := range kinds {
		fmt.Fprintf(b, "%s %d %s: %s\n", symbol(ActionCreate), len(byKind[k]), k, strings.Join(byKind[k], ", "))
	}
	return rest
}

// JSONReport is the JSON contract: "environment" and "changes" (the
// resources not in sync) are fixed; "unsupported", "summary" and "in_sync"
// are additions. Embed it to add keys (the daemon's /drift does).
//
// "pending" lists the resources with changes AWS has accepted and applies
// later, or that a rollback holds back (they are not in "changes"); "notes" lists, by address, facts a
// person must act on (a certificate's validation CNAME, its expiry, a
// secret with no value); "revision" is the file's revision.
type JSONReport struct {
	Environment string         `json:"environment"`
	Revision    string         `json:"revision,omitempty"`
	Changes     []Change       `json:"changes"`
	Pending     []Change       `json:"pending,omitempty"`
	Notes       []AddressNotes `json:"notes,omitempty"`
	Unsupported []Change       `json:"unsupported,omitempty"`
	Summary     map[Action]int `json:"summary"`
	InSync      bool           `json:"in_sync"`
}

// NewJSONReport is r in the form of the JSON contract.
func NewJSONReport(r Report) JSONReport {
	out := JSONReport{Environment: r.Environment, Revision: r.Revision, Changes: r.Outstanding(),
		Pending: r.WithPending(), Notes: r.Notes(), Unsupported: r.Unsupported, Summary: r.Summary(), InSync: r.InSync()}
	if out.Changes == nil {
		out.Changes = []Change{}
	}
	return out
}

// WriteJSON renders r for scripts. Changes whose action is none are left
// out of "changes" (they are counted in "summary"), so an environment in
// sync reads "changes": [].
func WriteJSON(w io.Writer, r Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(NewJSONReport(r)); err != nil {
		return fmt.Errorf("write json report: %w", err)
	}
	return nil
}

// writeTextAside lists what AWS will apply by itself and the notes for
// people, which are not changes to make.
func writeTextAside(b *strings.Builder, r Report) {
	if p := r.WithPending(); len(p) > 0 {
		b.WriteString("\nPending in AWS or held (applied by AWS later, or held by `reconciler rollback`; not sent again):\n")
		for _, c := range p {
			for _, f := range c.Pending {
				fmt.Fprintf(b, "    %s %s\n", c.Address, formatField(f))
			}
		}
	}
	if n := r.Notes(); len(n) > 0 {
		b.WriteString("\nNotes:\n")
		for _, a := range n {
			for _, note := range a.Notes {
				fmt.Fprintf(b, "    %s: %s\n", a.Address, note)
			}
		}
	}
}
