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
	listed := append(r.Pending(), r.Unsupported...)
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
	fmt.Fprintf(&b, "\n%s.\n", summaryLine(r.Summary()))
	_, err := io.WriteString(w, b.String())
	return err
}

// JSONReport is the JSON contract: "environment" and "changes" (the
// resources not in sync) are fixed; "unsupported", "summary" and "in_sync"
// are additions. Embed it to add keys (the daemon's /drift does).
type JSONReport struct {
	Environment string         `json:"environment"`
	Changes     []Change       `json:"changes"`
	Unsupported []Change       `json:"unsupported,omitempty"`
	Summary     map[Action]int `json:"summary"`
	InSync      bool           `json:"in_sync"`
}

// NewJSONReport is r in the form of the JSON contract.
func NewJSONReport(r Report) JSONReport {
	out := JSONReport{Environment: r.Environment, Changes: r.Pending(),
		Unsupported: r.Unsupported, Summary: r.Summary(), InSync: r.InSync()}
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
