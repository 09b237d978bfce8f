package drift

import (
	"strings"
	"testing"

	"github.com/everruns/reconciler/pkg/desired"
)

// Ignored fields are not compared on an existing resource (a tag key under
// an ignored map field included), but are part of a create; a report-only
// policy marks drift, and markdown says so.
func TestComparePolicy(t *testing.T) {
	r := sg(map[string]any{"description": "alb", "ingress": desired.Set{rule(443, "0.0.0.0/0")},
		"tags": map[string]any{"Name": "alb", "Team": "edge"}})
	r.Policy = desired.Policy{Ignore: []string{"ingress", "tags"}}
	live := map[string]any{"description": "alb", "ingress": desired.Set{rule(22, "0.0.0.0/0")}, "tags": map[string]any{"Name": "x"}}
	if c := Compare(r, true, live); c.Action != ActionNone || len(c.Fields) != 0 {
		t.Errorf("ignored fields compared: %+v", c)
	}
	if c := Compare(r, false, nil); c.Action != ActionCreate || len(c.Fields) != 4 { // tags by key
		t.Errorf("create: %+v; want every field, ignored ones included", c)
	}

	r.Policy = desired.Policy{Drift: desired.DriftReport, Ignore: []string{"tags"}}
	c := Compare(r, true, live)
	if c.Action != ActionUpdate || !c.ReportOnly || len(c.Fields) != 1 || c.Fields[0].Path != "ingress" {
		t.Errorf("report-only: %+v; want an update of ingress marked report-only", c)
	}
	if c := Compare(r, true, map[string]any{"description": "alb", "ingress": desired.Set{rule(443, "0.0.0.0/0")}}); c.ReportOnly {
		t.Errorf("in sync but marked report-only: %+v", c)
	}
	var md strings.Builder
	if err := WriteMarkdown(&md, Report{Environment: "e", Changes: []Change{c}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), ReportOnlyLabel) {
		t.Errorf("markdown does not say report only:\n%s", md.String())
	}
}
