package statuspage

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/everruns/reconciler/internal/pass"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
)

func render(t *testing.T, v View) string {
	t.Helper()
	var b strings.Builder
	if err := Render(&b, v); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// elements parses page and returns the elements that have attribute key,
// by its value.
func elements(t *testing.T, page, key string) map[string]*html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatalf("the page does not parse: %v", err)
	}
	out := map[string]*html.Node{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for _, a := range n.Attr {
			if a.Key == key {
				out[a.Val] = n
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

func hasAttr(n *html.Node, key string) bool {
	return slices.ContainsFunc(n.Attr, func(a html.Attribute) bool { return a.Key == key })
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func TestRenderShowsTheTreeRevisionPassAndRefreshes(t *testing.T) {
	page := render(t, Build(sample()))
	tiers := elements(t, page, "data-tier")
	for _, name := range []string{"network", "database", "secrets", "certificate", "service", "reconciler"} {
		if tiers[name] == nil {
			t.Errorf("tier %s not rendered", name)
		}
	}
	if !hasAttr(tiers["network"], "open") || hasAttr(tiers["certificate"], "open") {
		t.Errorf("the drifted network tier must be open, the healthy certificate tier folded")
	}
	rows := elements(t, page, "data-address")
	vpc := rows["network.vpc.main"]
	if vpc == nil || attr(vpc, "data-sync") != "drifted" || attr(vpc, "data-health") != "Healthy" {
		t.Fatalf("vpc row: %+v", vpc)
	}
	for _, want := range []string{
		`<meta http-equiv="refresh" content="15">`,
		`href="https://github.com/everruns/infra/commit/0123456789abcdef0123456789abcdef01234567"`,
		"enable_dns_hostnames: false → true",
		"secret_string: (sensitive) → (sensitive)",
		"2/2 running", "rollout IN_PROGRESS", "0/1 running",
		"1m ago", "tasks stopped: Essential container in task exited (exit 1)",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	for _, external := range []string{"<script", "<link", "src=", "@import", "http://"} {
		if strings.Contains(page, external) {
			t.Errorf("page has %q: it must load nothing", external)
		}
	}
}

func TestRenderBeforeAnyObservation(t *testing.T) {
	page := render(t, Build(Input{Source: pass.SourceStatus{Valid: true}}))
	if !strings.Contains(page, `id="not-observed"`) || !strings.Contains(page, "none yet") {
		t.Errorf("page before any pass:\n%s", page)
	}
}

// Everything on the page that comes from AWS or the file (addresses,
// notes, reasons, errors, a repository URL) is escaped: a hostile string
// renders as text, never as markup.
func TestRenderEscapesHostileStrings(t *testing.T) {
	const hostile = `"><script>alert(1)</script><img src=x onerror=alert(2)>`
	in := sample()
	addr := "network." + hostile
	in.Report.Changes = append(in.Report.Changes, drift.Change{Address: "network.x" + hostile, Kind: hostile,
		Action: drift.ActionUpdate, Reason: hostile, Notes: []string{hostile},
		Fields: []drift.FieldChange{{Path: hostile, Desired: hostile, Live: "a"}}})
	in.Resources["network.x"+hostile] = pass.Resource{Kind: names.KindService, Status: hostile, Failure: hostile}
	in.LastPass.Error = hostile
	in.Source = pass.SourceStatus{Revision: hostile, Errors: []string{hostile}}
	in.Incidents = []Incident{{Kind: hostile, Summary: hostile, Details: []string{hostile}, Resources: []string{addr}, Commit: hostile}}
	in.Report.Environment = hostile
	page := render(t, Build(in))
	for _, bad := range []string{"<script", "<img"} {
		if strings.Contains(page, bad) {
			t.Fatalf("page carries %q unescaped", bad)
		}
	}
	if len(elements(t, page, "onerror")) != 0 || len(elements(t, page, "src")) != 0 {
		t.Fatalf("the hostile string became an attribute")
	}
	if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("the hostile string is not shown as text")
	}
	// The escaped page still parses to the same tree: the row keeps its
	// hostile address as an attribute value, not as markup.
	if rows := elements(t, page, "data-address"); rows["network.x"+hostile] == nil {
		t.Errorf("the hostile address's row is missing")
	}
}
