package rds

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

func TestCreateThenObserveIsInSync(t *testing.T) {
	tr := newTier(t)
	tr.createAll(t, nil)
	for _, a := range []desired.Address{"database.subnet_group", "database.parameter_group", "database.instance"} {
		l, ch := tr.observe(t, tr.want(a, nil))
		if ch.Action != drift.ActionNone || len(ch.Pending) > 0 {
			t.Errorf("%s: %s %+v pending %+v, want in sync", a, ch.Action, ch.Fields, ch.Pending)
		}
		if !l.Ready {
			t.Errorf("%s not ready: %s", a, l.Status)
		}
		if strings.Contains(fmt.Sprint(l), secretValue) {
			t.Errorf("%s: the password reached the observation", a)
		}
	}
	l, _ := tr.observe(t, tr.want("database.instance", nil))
	if l.Attrs["address"] == "" || l.Attrs["port"] != "5432" {
		t.Errorf("endpoint attrs = %v", l.Attrs)
	}
}

func TestClassChangeWaitsForTheWindowAsPending(t *testing.T) {
	tr := newTier(t)
	tr.createAll(t, nil)
	want := tr.want("database.instance", map[string]any{dbf.InstanceClass: "db.t4g.small"})
	must(t, tr.update(t, want))
	_, ch := tr.observe(t, want)
	if ch.Action != drift.ActionNone || len(ch.Pending) != 1 || ch.Pending[0].Path != dbf.InstanceClass {
		t.Fatalf("after a deferred change: %s %+v pending %+v; want none with instance_class pending", ch.Action, ch.Fields, ch.Pending)
	}
	tr.srv.Clock().Advance(5*24*time.Hour + 2*step) // past Monday 04:00, the file's window
	l, ch := tr.observe(t, want)
	if ch.Action != drift.ActionNone || len(ch.Pending) != 0 || l.Fields[dbf.InstanceClass] != "db.t4g.small" {
		t.Fatalf("after the window: %s %+v pending %+v class %v", ch.Action, ch.Fields, ch.Pending, l.Fields[dbf.InstanceClass])
	}
}

func TestApplyImmediatelyChangesAtOnce(t *testing.T) {
	tr := newTier(t)
	tr.createAll(t, nil)
	want := tr.want("database.instance", map[string]any{dbf.InstanceClass: "db.t4g.small", dbf.ApplyImmediately: true})
	must(t, tr.update(t, want))
	if l, _ := tr.observe(t, want); l.Status != "modifying" || l.Ready {
		t.Fatalf("status %s ready %v, want modifying and not ready", l.Status, l.Ready)
	}
	tr.srv.Clock().Advance(step)
	if l, ch := tr.observe(t, want); ch.Action != drift.ActionNone || len(ch.Pending) != 0 || !l.Ready {
		t.Fatalf("after modifying: %s %+v pending %+v ready %v", ch.Action, ch.Fields, ch.Pending, l.Ready)
	}
}

func TestAutoscaledStorageAndMinorUpgradeAreNotDrift(t *testing.T) {
	tr := newTier(t)
	tr.createAll(t, map[string]any{dbf.EngineVersion: "16.4"})
	want := tr.want("database.instance", map[string]any{dbf.EngineVersion: "16.4"})
	must(t, tr.fakeRDS().AutoscaleStorage("everruns-production", 35))
	must(t, tr.fakeRDS().UpgradeMinorVersion("everruns-production", "16.6"))
	l, ch := tr.observe(t, want)
	if ch.Action != drift.ActionNone {
		t.Fatalf("%s %+v, want none", ch.Action, ch.Fields)
	}
	if len(l.Notes) != 2 {
		t.Errorf("notes %q, want the real storage and version", l.Notes)
	}
	// Without automatic minor upgrades, the file's minor is the one to run.
	_, ch = tr.observe(t, tr.want("database.instance", map[string]any{dbf.EngineVersion: "16.4", dbf.AutoMinorVersionUpgrade: false}))
	if !slices.ContainsFunc(ch.Fields, func(f drift.FieldChange) bool { return f.Path == dbf.AutoMinorVersionUpgrade }) {
		t.Errorf("turning auto minor upgrades off is not drift: %+v", ch.Fields)
	}
}

func TestStorageDecreaseAndDowngradeAreRefusedBeforeAnyCall(t *testing.T) {
	tr := newTier(t)
	tr.createAll(t, map[string]any{dbf.EngineVersion: "16.4", dbf.AllocatedStorage: int64(30)})
	for name, edit := range map[string]map[string]any{
		"storage decrease": {dbf.EngineVersion: "16.4", dbf.AllocatedStorage: int64(25)},
		"engine downgrade": {dbf.EngineVersion: "16.2", dbf.AllocatedStorage: int64(30)},
		"major upgrade":    {dbf.EngineVersion: "17", dbf.AllocatedStorage: int64(30)},
	} {
		want := tr.want("database.instance", edit)
		l, ch := tr.observe(t, want)
		if reason := tr.kinds[want.Kind].(reconcile.Refuser).Refuse(want, l, ch.Fields); reason == "" {
			t.Errorf("%s: Refuse gives no reason; diff would show a plain update", name)
		}
		tr.srv.ResetCalls()
		err := tr.update(t, want)
		if !reconcile.IsTerminal(err) {
			t.Errorf("%s: err %v, want a terminal refusal", name, err)
		}
		for op, n := range tr.srv.Calls() {
			if n > 0 && !strings.Contains(op, "Describe") {
				t.Errorf("%s: %s was called", name, op)
			}
		}
		t.Logf("%s: %v", name, err)
	}
}

// What RDS does accept is not refused: growing storage, a minor upgrade,
// a file's older minor that autoscaling or AWS's upgrade already passed.
func TestRefuseLetsPossibleChangesThrough(t *testing.T) {
	tr := newTier(t)
	tr.createAll(t, map[string]any{dbf.EngineVersion: "16.4", dbf.AllocatedStorage: int64(30)})
	must(t, tr.fakeRDS().AutoscaleStorage("everruns-production", 35))
	for name, edit := range map[string]map[string]any{
		"storage growth":          {dbf.EngineVersion: "16.4", dbf.AllocatedStorage: int64(50)},
		"size autoscaling passed": {dbf.EngineVersion: "16.4", dbf.AllocatedStorage: int64(32)},
		"minor upgrade":           {dbf.EngineVersion: "16.6", dbf.AllocatedStorage: int64(30)},
		"class change":            {dbf.EngineVersion: "16.4", dbf.AllocatedStorage: int64(30), dbf.InstanceClass: "db.t4g.small"},
	} {
		want := tr.want("database.instance", edit)
		l, ch := tr.observe(t, want)
		if reason := tr.kinds[want.Kind].(reconcile.Refuser).Refuse(want, l, ch.Fields); reason != "" {
			t.Errorf("%s: refused: %s", name, reason)
		}
	}
}

func TestStaticParameterWaitsForARebootUnlessAllowed(t *testing.T) {
	tr := newTier(t)
	tr.createAll(t, nil)
	pg := tr.want("database.parameter_group", map[string]any{"parameters": map[string]any{"rds.force_ssl": "1", "max_connections": "200"}})
	must(t, tr.update(t, pg))
	if _, ch := tr.observe(t, pg); ch.Action != drift.ActionNone {
		t.Fatalf("parameter group after update: %s %+v", ch.Action, ch.Fields)
	}
	want := tr.want("database.instance", nil)
	_, ch := tr.observe(t, want)
	if ch.Action != drift.ActionNone || len(ch.Pending) != 1 || ch.Pending[0].Path != dbf.ParameterApplyStatus || len(ch.Notes) == 0 {
		t.Fatalf("instance with a static parameter waiting: %s %+v pending %+v notes %q", ch.Action, ch.Fields, ch.Pending, ch.Notes)
	}
	must(t, tr.update(t, tr.want("database.instance", map[string]any{dbf.AllowReboot: true})))
	if tr.srv.Calls()["rds:RebootDBInstance"] != 1 {
		t.Fatalf("calls %v, want one reboot", tr.srv.Calls())
	}
	tr.srv.Clock().Advance(step)
	if _, ch := tr.observe(t, tr.want("database.instance", map[string]any{dbf.AllowReboot: true})); ch.Action != drift.ActionNone || len(ch.Pending) != 0 {
		t.Fatalf("after the reboot: %s %+v pending %+v", ch.Action, ch.Fields, ch.Pending)
	}
}

func TestHandSetParameterIsResetAndForceSSLRestored(t *testing.T) {
	tr := newTier(t)
	tr.createAll(t, nil)
	_, err := tr.rds.ModifyDBParameterGroup(t.Context(), &rds.ModifyDBParameterGroupInput{DBParameterGroupName: aws.String("everruns-production-postgres16"),
		Parameters: []rdstypes.Parameter{
			{ParameterName: aws.String("rds.force_ssl"), ParameterValue: aws.String("0"), ApplyMethod: rdstypes.ApplyMethodImmediate},
			{ParameterName: aws.String("log_statement"), ParameterValue: aws.String("all"), ApplyMethod: rdstypes.ApplyMethodImmediate},
		}})
	must(t, err)
	pg := tr.want("database.parameter_group", nil)
	_, ch := tr.observe(t, pg)
	if got := paths(ch.Fields); !slices.Equal(got, []string{"parameters.log_statement", "parameters.rds.force_ssl"}) {
		t.Fatalf("drift %v", got)
	}
	must(t, tr.update(t, pg))
	if _, ch := tr.observe(t, pg); ch.Action != drift.ActionNone {
		t.Fatalf("after update: %s %+v", ch.Action, ch.Fields)
	}
}

func TestDeleteRefusesTheDatabase(t *testing.T) {
	tr := newTier(t)
	tr.createAll(t, nil)
	l, _ := tr.observe(t, tr.want("database.instance", nil))
	if err := tr.kinds["rds.db_instance"].Delete(t.Context(), l); !reconcile.IsTerminal(err) {
		t.Fatalf("Delete: %v, want a terminal refusal", err)
	}
	if tr.srv.Calls()["rds:DeleteDBInstance"] != 0 {
		t.Fatal("DeleteDBInstance was called")
	}
}

func paths(fs []drift.FieldChange) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Path)
	}
	slices.Sort(out)
	return out
}

// A new master password leaves the instance busy at once: Update says it
// is not ready, so the engine waits before what depends on it calls RDS.
// A change left for the maintenance window does not.
func TestANewPasswordLeavesTheInstanceNotReady(t *testing.T) {
	tr := newTier(t)
	tr.createAll(t, nil)
	want := tr.want("database.instance", nil)
	l, _ := tr.observe(t, want)
	got, err := tr.kinds[want.Kind].Update(t.Context(), prod, want, l, drift.Delta{{Path: dbf.MasterPasswordSecret}})
	must(t, err)
	if got.Ready {
		t.Errorf("ready right after a password change")
	}
	tr.srv.Clock().Advance(2 * step)
	l, _ = tr.observe(t, want)
	got, err = tr.kinds[want.Kind].Update(t.Context(), prod, want, l, drift.Delta{{Path: dbf.BackupRetentionPeriod}})
	must(t, err)
	if !got.Ready {
		t.Errorf("a change for the maintenance window made the instance not ready")
	}
}
