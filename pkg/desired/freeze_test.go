package desired

import (
	"strings"
	"testing"
	"time"
)

func parseWith(t *testing.T, extra string) *Environment {
	t.Helper()
	base := readFile(t, "../../test/testdata/valid-minimal.yaml")
	env, diags := Parse("environment.yaml", []byte(base+extra))
	if len(diags) > 0 {
		t.Fatalf("diagnostics:\n%s", diags.Error())
	}
	return env
}

// A reconciler section with only suspend declares no service of its own:
// it is valid without image or git_url, and expands to nothing.
func TestSuspendOnlySectionDeclaresNoService(t *testing.T) {
	env := parseWith(t, "reconciler: {suspend: true}\n")
	if env.SelfHosted() != nil {
		t.Error("SelfHosted() is not nil for a section with only suspend")
	}
	for _, r := range env.Resources() {
		if strings.HasPrefix(string(r.Address), "reconciler") || r.Address == AddrReconcilerRole {
			t.Errorf("resource %s expanded from a suspend-only section", r.Address)
		}
	}
	rs := env.Restraint(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "")
	if !rs.Suspended || !rs.ObserveOnly() || rs.Reason() != "suspended" {
		t.Errorf("Restraint = %+v; want suspended, observe only", rs)
	}
	// Any key of the service makes it a self-hosted declaration again,
	// with its rules (git_url and image are required).
	_, diags := Parse("environment.yaml", []byte(readFile(t, "../../test/testdata/valid-minimal.yaml")+"reconciler: {suspend: true, lease_table: lease-table}\n"))
	if !strings.Contains(diags.Error(), "git_url: required") {
		t.Errorf("a section with lease_table but no git_url: %v; want git_url: required", diags)
	}
}

// Fridays 18:00 in Paris for 62 hours: inside and outside, in the zone's
// own time (not UTC), and the override token in the commit message.
func TestFreezeWindowRestraint(t *testing.T) {
	env := parseWith(t, `reconciler:
  freeze_windows:
    - {start: "0 18 * * FRI", duration: 62h, time_zone: Europe/Paris}
  override_token: "[freeze-override]"
`)
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	// 2026-12-04 is a Friday; Paris is UTC+1 in December.
	cases := []struct {
		name   string
		now    time.Time
		frozen bool
	}{
		{"Friday 17:59 Paris", time.Date(2026, 12, 4, 17, 59, 0, 0, paris), false},
		{"Friday 18:00 Paris", time.Date(2026, 12, 4, 18, 0, 0, 0, paris), true},
		{"Friday 17:30 UTC (18:30 Paris)", time.Date(2026, 12, 4, 17, 30, 0, 0, time.UTC), true},
		{"Monday 07:59 Paris", time.Date(2026, 12, 7, 7, 59, 0, 0, paris), true},
		{"Monday 08:00 Paris (closed)", time.Date(2026, 12, 7, 8, 0, 0, 0, paris), false},
		{"Wednesday", time.Date(2026, 12, 9, 12, 0, 0, 0, paris), false},
	}
	for _, c := range cases {
		rs := env.Restraint(c.now, "ordinary change")
		if rs.Frozen != c.frozen || rs.ObserveOnly() != c.frozen {
			t.Errorf("%s: %+v; want frozen %v", c.name, rs, c.frozen)
		}
		if c.frozen && !rs.Until.Equal(time.Date(2026, 12, 7, 8, 0, 0, 0, paris)) {
			t.Errorf("%s: until %s; want Monday 08:00 Paris", c.name, rs.Until)
		}
	}
	inside := time.Date(2026, 12, 5, 12, 0, 0, 0, paris)
	rs := env.Restraint(inside, "hotfix: roll back api\n\n[freeze-override] approved by on-call")
	if !rs.Frozen || !rs.Overridden || rs.ObserveOnly() || rs.Reason() != "" {
		t.Errorf("with the token: %+v; want frozen, overridden, allowed to act", rs)
	}
	if !strings.Contains(rs.String(), "overridden") {
		t.Errorf("String() = %q; want it to say the freeze was overridden", rs.String())
	}
	if rs := env.Restraint(inside, "[freeze-overrid] almost"); rs.Overridden {
		t.Errorf("a message without the exact token overrode the freeze: %+v", rs)
	}
}

// Suspend is not broken by the override token: only a freeze is.
func TestOverrideTokenDoesNotLiftSuspend(t *testing.T) {
	env := parseWith(t, `reconciler:
  suspend: true
  freeze_windows:
    - {start: "* * * * *", duration: 1h}
  override_token: "[freeze-override]"
`)
	rs := env.Restraint(time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC), "[freeze-override]")
	if !rs.ObserveOnly() || rs.Reason() != "suspended" {
		t.Errorf("%+v; want observe only, suspended", rs)
	}
}

// drift_policy sets each resource's policy: a tier, and one service with
// an ignored field; the most specific rule's mode wins.
func TestDriftPolicyExpansion(t *testing.T) {
	env := parseWith(t, `drift_policy:
  network: {drift: report}
  network.vpc: {drift: repair}
  service.api: {ignore: [desired_count]}
`)
	got := map[Address]Policy{}
	for _, r := range env.Resources() {
		got[r.Address] = r.Policy
	}
	if p := got["network.subnet.public-a"]; !p.ReportOnly() {
		t.Errorf("network.subnet.public-a: %+v; want report only (tier rule)", p)
	}
	if p := got["network.vpc"]; p.ReportOnly() {
		t.Errorf("network.vpc: %+v; want repair (its own rule is more specific)", p)
	}
	if p := got["service.api"]; p.ReportOnly() || !p.Ignores("desired_count") || p.Ignores("task_definition") {
		t.Errorf("service.api: %+v; want repair, desired_count ignored", p)
	}
	// The prefix is on segment boundaries; the service's task definition
	// has no desired_count, so nothing is ignored there.
	if p := got["service.api.task_definition"]; len(p.Ignore) > 0 {
		t.Errorf("service.api.task_definition: %+v; want no ignored field", p)
	}
	if p := got["service.ui"]; p.ReportOnly() || len(p.Ignore) > 0 {
		t.Errorf("service.ui: %+v; want the default", p)
	}
}
