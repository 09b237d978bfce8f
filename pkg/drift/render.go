package drift

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// WriteText renders r for a person, like a terraform plan: one block per
// resource that is not in sync, then a summary line.
func WriteText(w io.Writer, r Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Environment %s\n", r.Environment)
	listed := append(r.Outstanding(), r.Unsupported...)
	if len(listed) == 0 {
		b.WriteString("\nNo changes. The environment matches the file.\n")
	}
	for _, c := range listed {
		fmt.Fprintf(&b, "\n%s %s (%s) %s", symbol(c.Action), c.Address, c.Kind, c.Action)
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
