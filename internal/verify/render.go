package verify

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
)

var sprintf = fmt.Sprintf

// WriteJSON writes the report as indented JSON: the contract scripts use.
func WriteJSON(w io.Writer, r Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// WriteText writes one line per finding, problems first within a check,
// then a verdict.
func WriteText(w io.Writer, r Report) error {
	fmt.Fprintf(w, "verify %s in %s\n\n", r.Environment, r.Region)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range r.Checks {
		for _, sev := range []Severity{SeverityError, SeverityWarning, SeverityOK} {
			for _, f := range c.Findings {
				if f.Severity == sev {
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.Name, label[sev], f.Subject, f.Message)
				}
			}
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	verdict := "nothing would stop an apply"
	if !r.OK {
		verdict = "an apply would stop: fix the errors above"
	}
	_, err := fmt.Fprintf(w, "\n%d error(s), %d warning(s): %s\n", r.Errors, r.Warnings, verdict)
	return err
}

var label = map[Severity]string{SeverityOK: "ok", SeverityWarning: "WARNING", SeverityError: "ERROR"}
