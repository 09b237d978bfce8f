package prcomment

import (
	"fmt"
	"strings"
	"testing"

	"github.com/everruns/reconciler/internal/cost"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/iampolicy"
)

func res(addr, kind string, fields map[string]any) desired.Resource {
	return desired.Resource{Address: desired.Address(addr), Kind: kind, Fields: fields}
}

// planOf compares head with live as the engine would.
func planOf(head []desired.Resource, live map[string]map[string]any) drift.Report {
	r := drift.Report{Environment: "production", Revision: "0123456789abcdef0123"}
	for _, h := range head {
		l, ok := live[string(h.Address)]
		r.Changes = append(r.Changes, drift.Compare(h, ok, l))
	}
	r.Sort()
	return r
}

func TestInSync(t *testing.T) {
	head := []desired.Resource{res("network.vpc.main", "ec2.vpc", map[string]any{"cidr_block": "10.0.0.0/16"})}
	out := Render(Input{Report: planOf(head, map[string]map[string]any{"network.vpc.main": {"cidr_block": "10.0.0.0/16"}}),
		Head: head, Base: head, HasBase: true}, 65000)
	first := strings.SplitN(out, "\n", 2)[0]
	if first != "### Environment `production`: in sync, nothing to change." {
		t.Fatalf("first line %q", first)
	}
	if strings.Contains(out, "[!WARNING]") || strings.Contains(out, "<details>") {
		t.Fatalf("an in-sync comment warns or details:\n%s", out)
	}
}

// The sections come in the order a reviewer reads them, and what the pull
// request changes is told apart from what changed in AWS behind git.
func TestSectionsAndDriftApartFromThePullRequest(t *testing.T) {
	base := []desired.Resource{
		res("network.vpc.main", "ec2.vpc", map[string]any{"cidr_block": "10.0.0.0/16"}),
		res("network.subnet.a", "ec2.subnet", map[string]any{"cidr_block": "10.0.1.0/24", "tags": map[string]any{"Name": "a"}}),
		res("secrets.secret.api", "secretsmanager.secret", map[string]any{"description": "old", "value": "hunter2-old"}),
	}
	base[2].Stateful, base[2].Sensitive = true, map[string]bool{"value": true}
	head := []desired.Resource{
		res("network.vpc.main", "ec2.vpc", map[string]any{"cidr_block": "10.1.0.0/16"}), // the PR changes it: replaced
		base[1], // unchanged by the PR, drifted in AWS
		res("secrets.secret.api", "secretsmanager.secret", map[string]any{"description": "new", "value": "hunter2-new"}),
		res("database.db.main", "rds.db_instance", map[string]any{"allocated_storage": int64(20)}),
	}
	head[0].Immutable = map[string]string{"cidr_block": "a VPC's CIDR block cannot be changed"}
	head[2].Stateful, head[2].Sensitive = true, map[string]bool{"value": true}
	live := map[string]map[string]any{
		"network.vpc.main":   {"cidr_block": "10.0.0.0/16"},
		"network.subnet.a":   {"cidr_block": "10.0.1.0/24", "tags": map[string]any{"Name": "renamed-by-hand"}},
		"secrets.secret.api": {"description": "old", "value": "hunter2-old"},
	}
	report := planOf(head, live)
	policy := func(actions ...string) *iampolicy.Document {
		return &iampolicy.Document{Version: "2012-10-17", Statement: []iampolicy.Statement{{Effect: "Allow", Action: actions, Resource: []string{"*"}}}}
	}
	out := Render(Input{Report: report, Head: head, Base: base, HasBase: true,
		CostBefore:   &cost.Estimate{MonthlyUSD: 100, PriceDate: "2026-11-01", Region: "us-east-1"},
		CostAfter:    &cost.Estimate{MonthlyUSD: 135.5, PriceDate: "2026-11-01", Region: "us-east-1"},
		PolicyBefore: policy("ec2:DescribeVpcs"), PolicyAfter: policy("ec2:DescribeVpcs", "rds:CreateDBInstance")}, 65000)

	order := []string{
		"### Environment `production`: **1 to create, 2 to update, 1 to replace**.",
		"> [!WARNING]",
		"`network.vpc.main` will be **replaced**",
		"`secrets.secret.api` holds **state**",
		"**Monthly cost:** $100.00 → $135.50 (+$35.50)",
		"#### The reconciler's own IAM policy",
		`+ {"Action":["ec2:DescribeVpcs","rds:CreateDBInstance"]`,
		`- {"Action":["ec2:DescribeVpcs"]`,
		"#### Changed by this pull request",
		"#### Changed outside git (drift)",
		"`~` update `network.subnet.a`",
		"#### What applying would do, by resource",
		"<details><summary>",
	}
	at := 0
	for _, want := range order {
		i := strings.Index(out[at:], want)
		if i < 0 {
			t.Fatalf("missing, or out of order: %q\n%s", want, out)
		}
		at += i + len(want)
	}
	pr := section(out, "#### Changed by this pull request", "#### Changed outside git")
	drifted := section(out, "#### Changed outside git (drift)", "#### What applying")
	for _, a := range []string{"network.vpc.main", "secrets.secret.api", "database.db.main"} {
		if !strings.Contains(pr, a) || strings.Contains(drifted, a) {
			t.Errorf("%s: want it under the pull request's changes only", a)
		}
	}
	if strings.Contains(pr, "network.subnet.a") || !strings.Contains(drifted, "network.subnet.a") {
		t.Errorf("network.subnet.a: want it under drift only")
	}
	if strings.Contains(out, "hunter2") {
		t.Fatalf("a sensitive value reached the comment:\n%s", out)
	}
}

func section(s, from, to string) string {
	i := strings.Index(s, from)
	j := strings.Index(s, to)
	if i < 0 || j < i {
		return ""
	}
	return s[i:j]
}

func TestWithoutABaseTheCommentSaysWhatIsMissing(t *testing.T) {
	head := []desired.Resource{res("network.vpc.main", "ec2.vpc", map[string]any{"cidr_block": "10.1.0.0/16"})}
	out := Render(Input{Report: planOf(head, nil), Head: head, CostAfter: &cost.Estimate{MonthlyUSD: 3},
		PolicyAfter: &iampolicy.Document{Version: "2012-10-17"}}, 65000)
	for _, want := range []string{"the cost before is not shown (run with `--base-file`)", "Not compared: run with `--base-file`",
		"#### Changes\n", "`+` create `network.vpc.main`"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
}

// A report far over GitHub's limit is cut between resources: the markup
// stays balanced, and the last line says how much was left out.
func TestAHugeReportIsCutAtAResourceBoundary(t *testing.T) {
	var head []desired.Resource
	live := map[string]map[string]any{}
	for i := range 3000 {
		addr := fmt.Sprintf("network.subnet.s%04d", i)
		fields := map[string]any{}
		liveFields := map[string]any{}
		for f := range 10 {
			fields[fmt.Sprintf("field_%d", f)] = strings.Repeat("x", 20) + "```" + fmt.Sprint(i)
			liveFields[fmt.Sprintf("field_%d", f)] = "y"
		}
		head = append(head, res(addr, "ec2.subnet", fields))
		live[addr] = liveFields
	}
	const limit = 65536 - 40
	out := Render(Input{Report: planOf(head, live), Head: head}, limit)
	if len(out) > limit {
		t.Fatalf("%d bytes, over the limit of %d", len(out), limit)
	}
	if n, m := strings.Count(out, "<details>"), strings.Count(out, "</details>"); n != m {
		t.Fatalf("%d <details> but %d </details>", n, m)
	}
	fences := 0
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "````") {
			fences++
		}
	}
	if fences%2 != 0 || fences != 2*strings.Count(out, "<details>") {
		t.Fatalf("%d fence lines for %d details: a code block is left open", fences, strings.Count(out, "<details>"))
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	last := lines[len(lines)-1]
	if !strings.Contains(last, "resource section(s) left out") {
		t.Fatalf("last line %q does not say what was left out", last)
	}
	var n, chars int
	if _, err := fmt.Sscanf(last, "**%d resource section(s) left out (%d characters)**", &n, &chars); err != nil || n == 0 || chars == 0 {
		t.Fatalf("last line %q: %v", last, err)
	}
	// Every resource not detailed was left out, and counted.
	if shown := strings.Count(out, "<details>") + strings.Count(out, "\n- `"); shown+n != 2*3000 {
		t.Fatalf("%d sections shown and %d left out; want %d in all", shown, n, 2*3000)
	}
}

func TestFileChangesReadReferencesAsText(t *testing.T) {
	ref := desired.Ref{Address: "network.vpc.main"}
	base := []desired.Resource{res("network.subnet.a", "ec2.subnet", map[string]any{"vpc_id": ref, "old": "x"}), res("gone", "k", nil)}
	head := []desired.Resource{res("network.subnet.a", "ec2.subnet", map[string]any{"vpc_id": ref})}
	got := FileChanges(base, head)
	if len(got) != 2 || got[0].Address != "gone" || got[0].Action != drift.ActionDelete {
		t.Fatalf("changes %+v", got)
	}
	if c := got[1]; c.Action != drift.ActionUpdate || len(c.Fields) != 1 || c.Fields[0].Path != "old" {
		t.Fatalf("an unchanged reference was reported, or the removed field was not: %+v", c)
	}
}

func TestThePullRequestsChangesFollowTheTargets(t *testing.T) {
	base := []desired.Resource{res("network.vpc", "ec2.vpc", map[string]any{"cidr_block": "10.0.0.0/16"}),
		res("database.instance", "rds.db_instance", map[string]any{"allocated_storage": int64(20)})}
	head := []desired.Resource{res("network.vpc", "ec2.vpc", map[string]any{"cidr_block": "10.0.0.0/16"}),
		res("database.instance", "rds.db_instance", map[string]any{"allocated_storage": int64(40)})}
	out := Render(Input{Report: planOf(head[:1], map[string]map[string]any{"network.vpc": {"cidr_block": "10.0.0.0/16"}}),
		Head: head, Base: base, HasBase: true, Targets: []string{"network"}}, 65000)
	if strings.Contains(out, "database.instance") {
		t.Fatalf("a change outside --target is listed:\n%s", out)
	}
}

func TestAReasonCannotInjectMarkup(t *testing.T) {
	r := drift.Report{Environment: "production", Changes: []drift.Change{{Address: "network.vpc", Kind: "ec2.vpc",
		Action: drift.ActionRefused, Reason: "a VPC's <details> & </details>\nsecond line"}}}
	out := Render(Input{Report: r}, 65000)
	// Outside code blocks (where GitHub shows text as it is) no markup of
	// the reason's survives.
	inCode := false
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "```") {
			inCode = !inCode
			continue
		}
		if !inCode && strings.Contains(l, "<details> &") {
			t.Fatalf("the reason's markup reached the comment:\n%s", out)
		}
	}
	if !strings.Contains(out, "a VPC's &lt;details&gt; &amp; &lt;/details&gt; second line") {
		t.Fatalf("the reason is not shown on one line, escaped:\n%s", out)
	}
}
