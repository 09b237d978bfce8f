package drift

import (
	"fmt"
	"io"
	"strings"
)

// WriteMarkdown renders r for a pull-request comment: a table of the
// resources not in sync, then the field details of each, folded.
func WriteMarkdown(w io.Writer, r Report) error {
	var b strings.Builder
	fmt.Fprintf(&b, "### Environment `%s`\n\n", r.Environment)
	listed := append(r.Outstanding(), r.Unsupported...)
	if len(listed) == 0 {
		b.WriteString("No changes. The environment matches the file.\n")
	} else {
		writeTable(&b, listed)
		writeDetails(&b, listed)
	}
	var aside strings.Builder
	writeTextAside(&aside, r)
	if aside.Len() > 0 {
		fmt.Fprintf(&b, "\n```%s```\n", aside.String())
	}
	fmt.Fprintf(&b, "\n%s.\n", summaryLine(r.Summary()))
	_, err := io.WriteString(w, b.String())
	return err
}

func writeTable(b *strings.Builder, cs []Change) {
	b.WriteString("| action | address | kind | reason |\n|---|---|---|---|\n")
	for _, c := range cs {
		reason := c.Reason
		if c.ReportOnly {
			reason = strings.TrimSpace(ReportOnlyLabel + " " + reason)
		}
		fmt.Fprintf(b, "| %s `%s` | `%s` | `%s` | %s |\n",
			mdEscape(symbol(c.Action)), c.Action, c.Address, c.Kind, mdEscape(reason))
	}
}

func writeDetails(b *strings.Builder, cs []Change) {
	for _, c := range cs {
		if len(c.Fields) == 0 {
			continue
		}
		fmt.Fprintf(b, "\n<details><summary><code>%s</code>: %d field(s)</summary>\n\n```\n",
			c.Address, len(c.Fields))
		for _, f := range c.Fields {
			fmt.Fprintf(b, "%s\n", formatField(f))
		}
		b.WriteString("```\n\n</details>\n")
	}
}

// mdEscape keeps a cell inside its table column.
func mdEscape(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}
