// Package prcomment renders the plan of a pull request as the one comment
// the reconciler keeps on it, in the order a reviewer reads: a one-line
// verdict; a warning for what replaces, refuses or touches state; the
// monthly cost before and after; the changes to the reconciler's own IAM
// policy; the drift found in AWS apart from what the pull request
// changes; and each resource's fields, folded. A comment longer than
// GitHub allows is cut between resources, and says how much was left out.
package prcomment

import (
	"encoding/json"
	"fmt"
	"html"
	"slices"
	"sort"
	"strings"

	"github.com/everruns/reconciler/internal/cost"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/iampolicy"
)

// Input is what the comment is made of.
type Input struct {
	// Report is the plan: AWS compared with the file at the pull
	// request's head.
	Report drift.Report
	// Head and Base are the resources of the file at the head and at the
	// base; HasBase says Base was given (--base-file).
	Head, Base []desired.Resource
	HasBase    bool
	// CostBefore and CostAfter are the estimates of base and head; nil
	// when unknown (CostBefore without a base).
	CostBefore, CostAfter *cost.Estimate
	// PolicyBefore and PolicyAfter are the reconciler's own policy at
	// base and head; nil when unknown.
	PolicyBefore, PolicyAfter *iampolicy.Document
	// Targets, when set, restrict the pull request's changes to the
	// addresses under these prefixes, as --target restricts the plan.
	Targets []string
}

// inScope says whether addr is under one of the targets (or there are none).
func (in Input) inScope(addr desired.Address) bool {
	if len(in.Targets) == 0 {
		return true
	}
	for _, t := range in.Targets {
		if addr.HasPrefix(t) {
			return true
		}
	}
	return false
}

// limits on the parts that are not per resource, so that the fixed part
// of a comment always fits.
const (
	maxBannerLines = 40
	maxPolicyLines = 120
)

// Render returns the comment, at most limit bytes long (GitHub counts
// characters; a byte count is never smaller).
func Render(in Input, limit int) string {
	var blocks []block
	add := func(resource bool, format string, args ...any) {
		blocks = append(blocks, block{text: fmt.Sprintf(format, args...), resource: resource})
	}
	outstanding := append(in.Report.Outstanding(), in.Report.Unsupported...)
	add(false, "### Environment `%s`: %s\n", in.Report.Environment, verdict(in.Report))
	if in.Report.Revision != "" {
		add(false, "\nPlanned at revision `%s`.\n", shortRev(in.Report.Revision))
	}
	blocks = append(blocks, banner(in, outstanding)...)
	add(false, "\n%s\n", costLine(in.CostBefore, in.CostAfter, in.HasBase))
	add(false, "\n%s", policySection(in.PolicyBefore, in.PolicyAfter, in.HasBase))

	byPR := map[desired.Address]bool{}
	if in.HasBase {
		fileChanges := FileChanges(in.Base, in.Head)
		add(false, "\n#### Changed by this pull request\n\n")
		if len(fileChanges) == 0 {
			add(false, "Nothing: the file's resources are the same at the base and the head.\n")
		}
		fileChanges = slices.DeleteFunc(fileChanges, func(c drift.Change) bool { return !in.inScope(c.Address) })
		for _, c := range fileChanges {
			byPR[c.Address] = true
			add(true, "- %s\n", listItem(c))
		}
		var drifted []drift.Change
		for _, c := range outstanding {
			if !byPR[c.Address] {
				drifted = append(drifted, c)
			}
		}
		add(false, "\n#### Changed outside git (drift)\n\n")
		if len(drifted) == 0 {
			add(false, "Nothing: AWS matches the file at the base.\n")
		}
		for _, c := range drifted {
			add(true, "- %s\n", listItem(c))
		}
	} else {
		add(false, "\n#### Changes\n\n_Drift is not told apart from this pull request's changes: run with `--base-file` (the file at the pull request's base)._\n\n")
		for _, c := range outstanding {
			add(true, "- %s\n", listItem(c))
		}
	}
	if len(outstanding) > 0 {
		add(false, "\n#### What applying would do, by resource\n")
		for _, c := range outstanding {
			add(true, "%s", details(c))
		}
	}
	return fit(blocks, limit)
}

// verdict is the one-line summary.
func verdict(r drift.Report) string {
	if r.InSync() {
		return "in sync, nothing to change."
	}
	s := r.Summary()
	var parts []string
	for _, p := range []struct {
		a    drift.Action
		verb string
	}{
		{drift.ActionCreate, "to create"}, {drift.ActionUpdate, "to update"}, {drift.ActionReplace, "to replace"},
		{drift.ActionDelete, "to delete"}, {drift.ActionRefused, "refused"}, {drift.ActionOrphan, "orphaned"},
		{drift.ActionUnsupported, "unsupported"},
	} {
		if s[p.a] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", s[p.a], p.verb))
		}
	}
	return "**" + strings.Join(parts, ", ") + "**."
}

// banner warns of what a reviewer must not miss: a replacement (the
// resource is deleted and created), a change AWS would refuse, and any
// change to a stateful resource (a database, a secret).
func banner(in Input, outstanding []drift.Change) []block {
	stateful := map[desired.Address]bool{}
	for _, rs := range [][]desired.Resource{in.Head, in.Base} {
		for _, r := range rs {
			if r.Stateful {
				stateful[r.Address] = true
			}
		}
	}
	var lines []string
	for _, c := range outstanding {
		switch {
		case c.Action == drift.ActionReplace:
			lines = append(lines, fmt.Sprintf("`%s` will be **replaced** (deleted, then created): %s", c.Address, inline(c.Reason)))
		case c.Action == drift.ActionRefused:
			lines = append(lines, fmt.Sprintf("`%s`: the change is **refused**: %s", c.Address, inline(c.Reason)))
		case stateful[c.Address]:
			lines = append(lines, fmt.Sprintf("`%s` holds **state** (%s) and would be changed: %s", c.Address, c.Kind, c.Action))
		}
	}
	if len(lines) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString("\n> [!WARNING]\n")
	for i, l := range lines {
		if i == maxBannerLines {
			fmt.Fprintf(&b, "> - … and %d more, listed below\n", len(lines)-i)
			break
		}
		fmt.Fprintf(&b, "> - %s\n", l)
	}
	return []block{{text: b.String()}}
}

func costLine(before, after *cost.Estimate, hasBase bool) string {
	if after == nil {
		return "**Monthly cost:** not estimated."
	}
	line := fmt.Sprintf("**Monthly cost:** $%.2f", after.MonthlyUSD)
	switch {
	case before != nil:
		line = fmt.Sprintf("**Monthly cost:** $%.2f → $%.2f (%s)", before.MonthlyUSD, after.MonthlyUSD, signed(after.MonthlyUSD-before.MonthlyUSD))
	case hasBase:
		line += " (the base's cost could not be estimated)"
	default:
		line += " after; the cost before is not shown (run with `--base-file`)"
	}
	if after.OverBudget {
		line += fmt.Sprintf(", **over the budget of $%.2f**", after.BudgetUSD)
	}
	if after.PriceDate != "" {
		line += fmt.Sprintf(" — on-demand prices of %s in %s", after.PriceDate, after.Region)
	}
	return line + "."
}

func signed(d float64) string {
	if d < 0 {
		return fmt.Sprintf("−$%.2f", -d)
	}
	return fmt.Sprintf("+$%.2f", d)
}

// policySection lists the statements of the reconciler's own policy that
// the pull request adds and removes: what the daemon's role will be
// allowed to do that it was not, and the reverse.
func policySection(before, after *iampolicy.Document, hasBase bool) string {
	const title = "#### The reconciler's own IAM policy\n\n"
	switch {
	case after == nil:
		return title + "Not generated.\n"
	case before == nil && !hasBase:
		return title + "Not compared: run with `--base-file` to see what this pull request changes in it.\n"
	case before == nil:
		return title + "Not compared: the base's policy could not be generated.\n"
	}
	was, is := statementSet(*before), statementSet(*after)
	var lines []string
	for _, s := range sortedKeys(is) {
		if !was[s] {
			lines = append(lines, "+ "+s)
		}
	}
	for _, s := range sortedKeys(was) {
		if !is[s] {
			lines = append(lines, "- "+s)
		}
	}
	if len(lines) == 0 {
		return title + "Unchanged.\n"
	}
	if len(lines) > maxPolicyLines {
		lines = append(lines[:maxPolicyLines], fmt.Sprintf("… and %d more lines (reconciler iam-policy -f FILE prints it all)", len(lines)-maxPolicyLines))
	}
	body := strings.Join(lines, "\n")
	fence := fenceFor(body)
	return fmt.Sprintf("%s%s diff\n%s\n%s\n", title, fence, body, fence)
}

// statementSet is each statement as one canonical JSON line.
func statementSet(d iampolicy.Document) map[string]bool {
	out := map[string]bool{}
	for _, st := range d.Statement {
		b, err := json.Marshal(st)
		if err != nil {
			continue
		}
		c, err := iampolicy.Canonical(`{"Statement":[` + string(b) + `]}`)
		if err != nil {
			c = string(b)
		}
		out[strings.TrimSuffix(strings.TrimPrefix(c, `{"Statement":[`), `]}`)] = true
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// listItem is one resource's line: mark, action, address, kind, reason.
func listItem(c drift.Change) string {
	s := fmt.Sprintf("`%s` %s `%s` (%s)", drift.Symbol(c.Action), c.Action, c.Address, c.Kind)
	if c.Reason != "" {
		s += ": " + inline(c.Reason)
	}
	if n := len(c.Fields); n > 0 {
		paths := make([]string, 0, n)
		for _, f := range c.Fields {
			paths = append(paths, "`"+strings.ReplaceAll(f.Path, "`", "'")+"`")
		}
		if len(paths) > 8 {
			paths = append(paths[:8], fmt.Sprintf("and %d more", n-8))
		}
		s += " — " + strings.Join(paths, ", ")
	}
	return s
}

// details is a resource's fields and notes, folded.
func details(c drift.Change) string {
	var body strings.Builder
	if c.Reason != "" {
		fmt.Fprintf(&body, "# %s\n", strings.ReplaceAll(c.Reason, "\n", " "))
	}
	for _, f := range c.Fields {
		fmt.Fprintf(&body, "%s\n", drift.FormatField(f))
	}
	for _, n := range c.Notes {
		fmt.Fprintf(&body, "note: %s\n", strings.ReplaceAll(n, "\n", " "))
	}
	text := body.String()
	if text == "" {
		text = "(no field to show)\n"
	}
	fence := fenceFor(text)
	return fmt.Sprintf("\n<details><summary><code>%s</code> %s <code>%s</code>: %d field(s)</summary>\n\n%s\n%s%s\n\n</details>\n",
		html.EscapeString(drift.Symbol(c.Action)), html.EscapeString(string(c.Action)), html.EscapeString(string(c.Address)),
		len(c.Fields), fence, text, fence)
}

// fenceFor is a code fence longer than any run of backticks in text, so
// that no value can close the block early.
func fenceFor(text string) string {
	longest, run := 0, 0
	for _, r := range text {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}

// inline makes text safe in a list item: one line, no HTML (quotes are
// harmless outside an attribute, and read better unescaped).
func inline(s string) string {
	return htmlText.Replace(strings.Join(strings.Fields(s), " "))
}

var htmlText = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func shortRev(r string) string {
	if len(r) > 12 && !strings.Contains(r, ":") {
		return r[:12]
	}
	return r
}

// block is a piece of the comment; a resource block may be left out when
// the comment is too long, the others never are.
type block struct {
	text     string
	resource bool
}

// fit joins blocks within limit bytes. When they do not fit, resource
// blocks are left out from the end (the folded details first, which come
// last), whole, and a closing line says how many and how long.
func fit(blocks []block, limit int) string {
	total := 0
	for _, b := range blocks {
		total += len(b.text)
	}
	if total <= limit {
		return join(blocks, nil)
	}
	const reserve = 400 // the closing line
	dropped := make([]bool, len(blocks))
	n, chars := 0, 0
	for i := len(blocks) - 1; i >= 0 && total+reserve > limit; i-- {
		if !blocks[i].resource {
			continue
		}
		dropped[i] = true
		total -= len(blocks[i].text)
		n++
		chars += len(blocks[i].text)
	}
	out := join(blocks, dropped) + fmt.Sprintf("\n---\n**%d resource section(s) left out (%d characters)**: GitHub limits a comment to 65,536 characters. Run `reconciler diff` for the whole report.\n", n, chars)
	if len(out) > limit { // the fixed part alone is too long: never expected, since it is bounded
		return out[:cutPoint(out, limit)]
	}
	return out
}

func join(blocks []block, dropped []bool) string {
	var b strings.Builder
	for i, bl := range blocks {
		if dropped == nil || !dropped[i] {
			b.WriteString(bl.text)
		}
	}
	return b.String()
}

// cutPoint is the last line boundary at or before limit.
func cutPoint(s string, limit int) int {
	if i := strings.LastIndexByte(s[:limit], '\n'); i > 0 {
		return i + 1
	}
	return limit
}
