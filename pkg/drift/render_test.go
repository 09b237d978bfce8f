package drift

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/everruns/reconciler/pkg/desired"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// sample has one change of each kind a report shows.
func sample() Report {
	r := Report{Environment: "production", Changes: []Change{
		{Address: "network.vpc", Kind: "ec2.vpc", Action: ActionNone},
		{Address: "network.subnet.public-a", Kind: "ec2.subnet", Action: ActionReplace,
			Reason: "CIDR cannot be changed in place",
			Fields: []FieldChange{{Path: "cidr_block", Desired: "10.0.1.0/24", Live: "10.0.9.0/24"}}},
		{Address: "network.security_group.alb", Kind: "ec2.security_group", Action: ActionUpdate,
			Fields: []FieldChange{
				{Path: "ingress", Desired: []any{rule(443, "0.0.0.0/0")}, Live: []any{},
					Added: []any{rule(443, "0.0.0.0/0")}},
				{Path: "tags.Name", Desired: "everruns-production-alb", Live: nil},
			}},
		{Address: "network.nat_gateway.nat-a", Kind: "ec2.nat_gateway", Action: ActionCreate,
			Fields: []FieldChange{{Path: "subnet_id", Desired: Unknown}}},
		{Address: "secrets.db", Kind: "secretsmanager.secret", Action: ActionUpdate,
			Fields: []FieldChange{{Path: "value", Desired: Redacted, Live: Redacted, Sensitive: true}}},
		{Address: "network.subnet.old", Kind: "ec2.subnet", Action: ActionOrphan, Reason: "no longer in the file"},
		{Address: "database.instance", Kind: "rds.db_instance", Action: ActionRefused,
			Reason: "allocated_storage 30 GiB is less than the instance's 40 GiB: RDS storage can only grow",
			Fields: []FieldChange{{Path: "allocated_storage", Desired: int64(30), Live: int64(40)}}},
	}, Unsupported: []Change{Unsupported(desired.Resource{Address: "service.api", Kind: "ecs.service"})}}
	r.Sort()
	return r
}

func TestRenderers(t *testing.T) {
	cases := map[string]struct {
		reason string
		write  func(io.Writer, Report) error
		report Report
	}{
		"text":         {"A plan people read.", WriteText, sample()},
		"json":         {"The JSON contract.", WriteJSON, sample()},
		"markdown":     {"A pull-request comment.", WriteMarkdown, sample()},
		"text-in-sync": {"No changes says so.", WriteText, Report{Environment: "production", Changes: []Change{{Address: "network.vpc", Kind: "ec2.vpc", Action: ActionNone}}}},
		"json-in-sync": {"In sync reads changes: [].", WriteJSON, Report{Environment: "production"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := tc.write(&b, tc.report); err != nil {
				t.Fatalf("%s: %v", tc.reason, err)
			}
			golden := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if diff := cmp.Diff(string(want), b.String()); diff != "" {
				t.Errorf("%s\n%s: -want +got:\n%s", tc.reason, golden, diff)
			}
		})
	}
}

func TestReportHelpers(t *testing.T) {
	r := sample()
	want := Summary{ActionNone: 1, ActionCreate: 1, ActionUpdate: 2, ActionReplace: 1, ActionOrphan: 1, ActionUnsupported: 1, ActionRefused: 1}
	if diff := cmp.Diff(want, r.Summary()); diff != "" {
		t.Errorf("Summary(): -want +got:\n%s", diff)
	}
	if r.InSync() {
		t.Error("InSync() = true for a report with changes")
	}
	if (Report{Changes: []Change{{Action: ActionNone}, {Action: ActionRefused}}}).InSync() {
		t.Error("InSync() = true for a report with a refused change")
	}
	if !(Report{Changes: []Change{{Action: ActionNone}}}).InSync() {
		t.Error("InSync() = false for a report with only ActionNone")
	}
}

// After an apply, pending creates are one line per kind; other changes
// keep their fields.
func TestWriteTextGroupedListsCreatesByKind(t *testing.T) {
	r := Report{Environment: "production", Changes: []Change{
		{Address: "loadbalancer.rule.api", Kind: "elbv2.listener_rule", Action: ActionCreate,
			Fields: []FieldChange{{Path: "tags.Name", Desired: "everruns-production-api"}}},
		{Address: "secrets.ghcr", Kind: "secretsmanager.secret", Action: ActionUpdate,
			Fields: []FieldChange{{Path: "priority", Desired: int64(2), Live: int64(1)}}},
		{Address: "loadbalancer.rule.health", Kind: "elbv2.listener_rule", Action: ActionCreate},
		{Address: "service.api", Kind: "ecs.service", Action: ActionCreate},
	}}
	var b strings.Builder
	if err := WriteTextGrouped(&b, r); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, want := range []string{
		"\nTo create:\n+ 2 elbv2.listener_rule: loadbalancer.rule.api, loadbalancer.rule.health\n+ 1 ecs.service: service.api\n",
		"~ secrets.ghcr (secretsmanager.secret) update\n    priority: 1 → 2\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("grouped report lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "tags.Name") {
		t.Errorf("a pending create's fields are listed:\n%s", got)
	}
}
