package drift

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/everruns/reconciler/pkg/desired"
)

func TestAPendingValueIsNotAChangeToMake(t *testing.T) {
	r := desired.Resource{Address: "database.instance", Kind: "rds.db_instance", Fields: map[string]any{
		"instance_class": "db.t4g.small", "multi_az": true,
	}}
	tests := map[string]struct {
		pending    map[string]any
		wantAction Action
		wantFields int
		wantPend   int
	}{
		"nothing pending: both fields are changes": {nil, ActionUpdate, 2, 0},
		"the desired class is pending":             {map[string]any{"instance_class": "db.t4g.small"}, ActionUpdate, 1, 1},
		"both pending: nothing to do":              {map[string]any{"instance_class": "db.t4g.small", "multi_az": true}, ActionNone, 0, 2},
		"another value is pending: still a change": {map[string]any{"instance_class": "db.t4g.large"}, ActionUpdate, 2, 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			c := CompareObserved(r, Observed{Exists: true, Pending: tc.pending,
				Fields: map[string]any{"instance_class": "db.t4g.micro", "multi_az": false}})
			if c.Action != tc.wantAction || len(c.Fields) != tc.wantFields || len(c.Pending) != tc.wantPend {
				t.Errorf("action %s, %d fields, %d pending; want %s, %d, %d", c.Action, len(c.Fields), len(c.Pending), tc.wantAction, tc.wantFields, tc.wantPend)
			}
		})
	}
}

func TestJSONReportListsPendingAndNotesOutsideChanges(t *testing.T) {
	r := Report{Environment: "production", Revision: "abc123", Changes: []Change{
		{Address: "database.instance", Kind: "rds.db_instance", Action: ActionNone,
			Pending: []FieldChange{{Path: "instance_class", Desired: "db.t4g.small", Live: "db.t4g.micro"}}},
		{Address: "certificate.main", Kind: "acm.certificate", Action: ActionNone, Notes: []string{"create CNAME _a.example.com"}},
	}}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	var got JSONReport
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if !got.InSync || len(got.Changes) != 0 || len(got.Pending) != 1 || len(got.Notes) != 1 || got.Revision != "abc123" {
		t.Errorf("got %s", buf.String())
	}
	buf.Reset()
	if err := WriteText(&buf, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Pending in AWS", "instance_class", "create CNAME _a.example.com"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, buf.String())
		}
	}
}
