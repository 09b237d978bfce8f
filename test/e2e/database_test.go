package e2e

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"

	fakerds "github.com/everruns/reconciler/internal/fakeaws/rds"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// dbEnv is a converged database tier on a fresh fake.
type dbEnv struct {
	f   *fake
	rds *rds.Client
	e   *reconcile.Engine
	res []desired.Resource
}

func newDBEnv(t *testing.T, edit map[string]any) *dbEnv {
	t.Helper()
	f := newFake(t)
	cfg := testConfig(f)
	d := &dbEnv{f: f, rds: rds.NewFromConfig(cfg), res: dbResources(t, edit)}
	d.e = dbEngine(t, cfg, d.res)
	if res := dbApply(t, d.e, d.res, reconcile.ApplyOptions{}); !res.Converged() {
		t.Fatalf("apply --target database from empty did not converge: %v %+v", res.Err(), res.Report.Outstanding())
	}
	dbAvailable(t, d.rds)
	return d
}

func TestDatabaseConvergesFromEmpty(t *testing.T) {
	d := newDBEnv(t, nil)
	r := dbPlan(t, d.e, d.res)
	if !r.InSync() || len(r.WithPending()) > 0 {
		t.Fatalf("diff after apply: %+v", r.Outstanding())
	}
	out, err := d.rds.DescribeDBInstances(t.Context(), &rds.DescribeDBInstancesInput{})
	must(t, "DescribeDBInstances", err)
	db := out.DBInstances[0]
	if len(out.DBInstances) != 1 || !aws.ToBool(db.DeletionProtection) || !aws.ToBool(db.StorageEncrypted) || aws.ToString(db.EngineVersion) != "16.4" {
		t.Errorf("instances %d, deletion protection %v, encrypted %v, version %s", len(out.DBInstances),
			aws.ToBool(db.DeletionProtection), aws.ToBool(db.StorageEncrypted), aws.ToString(db.EngineVersion))
	}
	b, _ := json.Marshal(drift.NewJSONReport(r))
	if strings.Contains(string(b), "password\":") {
		t.Errorf("the report carries a password: %s", b)
	}
}

// Each entry is made through the RDS API as a person would, detected at
// the right address and field, and repaired by apply.
func TestDatabaseDriftCatalogue(t *testing.T) {
	d := newDBEnv(t, nil)
	ctx := t.Context()
	modify := func(in *rds.ModifyDBInstanceInput) func(*testing.T) {
		return func(t *testing.T) {
			in.DBInstanceIdentifier = aws.String(dbID)
			_, err := d.rds.ModifyDBInstance(ctx, in)
			must(t, "ModifyDBInstance", err)
		}
	}
	defaultSG := func() string {
		out, err := d.f.ec2.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{Filters: []ec2types.Filter{{Name: aws.String("group-name"), Values: []string{"default"}}}})
		must(t, "DescribeSecurityGroups", err)
		return aws.ToString(out.SecurityGroups[0].GroupId)
	}
	for _, c := range []struct {
		name, addr, field string
		change            func(*testing.T)
	}{
		{"backup retention changed", "database.instance", "backup_retention_period", modify(&rds.ModifyDBInstanceInput{BackupRetentionPeriod: aws.Int32(3)})},
		{"deletion protection off", "database.instance", "deletion_protection", modify(&rds.ModifyDBInstanceInput{DeletionProtection: aws.Bool(false)})},
		{"publicly accessible on", "database.instance", "publicly_accessible", modify(&rds.ModifyDBInstanceInput{PubliclyAccessible: aws.Bool(true)})},
		{"security groups changed", "database.instance", "vpc_security_group_ids", func(t *testing.T) {
			modify(&rds.ModifyDBInstanceInput{VpcSecurityGroupIds: []string{defaultSG()}})(t)
		}},
		{"rds.force_ssl set to 0", "database.parameter_group", "parameters.rds.force_ssl", func(t *testing.T) {
			_, err := d.rds.ModifyDBParameterGroup(ctx, &rds.ModifyDBParameterGroupInput{DBParameterGroupName: aws.String(dbID + "-postgres16"),
				Parameters: []rdstypes.Parameter{{ParameterName: aws.String("rds.force_ssl"), ParameterValue: aws.String("0"), ApplyMethod: rdstypes.ApplyMethodImmediate}}})
			must(t, "ModifyDBParameterGroup", err)
		}},
		{"tags removed", "database.instance", "tags.Name", func(t *testing.T) {
			out, err := d.rds.DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{DBInstanceIdentifier: aws.String(dbID)})
			must(t, "DescribeDBInstances", err)
			_, err = d.rds.RemoveTagsFromResource(ctx, &rds.RemoveTagsFromResourceInput{ResourceName: out.DBInstances[0].DBInstanceArn, TagKeys: []string{"Name", "ManagedBy"}})
			must(t, "RemoveTagsFromResource", err)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.change(t)
			dbAvailable(t, d.rds)
			ch := changeAt(dbPlan(t, d.e, d.res), desired.Address(c.addr))
			if ch.Action != drift.ActionUpdate || !slices.ContainsFunc(ch.Fields, func(f drift.FieldChange) bool { return f.Path == c.field }) {
				t.Fatalf("diff: %s %s %+v, want update of %s", c.addr, ch.Action, ch.Fields, c.field)
			}
			if res := dbApply(t, d.e, d.res, reconcile.ApplyOptions{}); !res.Converged() {
				t.Fatalf("apply did not repair: %v %+v", res.Err(), res.Report.Outstanding())
			}
		})
	}
	t.Run("autoscaled storage and a minor upgrade are not drift", func(t *testing.T) {
		svc := d.f.srv.Service("rds").(*fakerds.Service)
		must(t, "autoscale", svc.AutoscaleStorage(dbID, 35))
		must(t, "minor upgrade", svc.UpgradeMinorVersion(dbID, "16.6"))
		r := dbPlan(t, d.e, d.res)
		if !r.InSync() {
			t.Fatalf("diff: %+v, want in sync", r.Outstanding())
		}
		if notes := changeAt(r, "database.instance").Notes; len(notes) != 2 {
			t.Errorf("notes %q, want the real storage and version", notes)
		}
	})
	t.Run("instance class changed", func(t *testing.T) { dbClassCatalogue(t, d) })
}

// dbClassCatalogue: a class changed by hand is put back at the next
// maintenance window with apply_immediately false (pending, and not sent
// again), and at once with apply_immediately true.
func dbClassCatalogue(t *testing.T, d *dbEnv) {
	_, err := d.rds.ModifyDBInstance(t.Context(), &rds.ModifyDBInstanceInput{DBInstanceIdentifier: aws.String(dbID),
		DBInstanceClass: aws.String("db.t4g.small"), ApplyImmediately: aws.Bool(true)})
	must(t, "ModifyDBInstance", err)
	dbAvailable(t, d.rds)
	ch := changeAt(dbPlan(t, d.e, d.res), "database.instance")
	if ch.Action != drift.ActionUpdate || len(ch.Fields) != 1 || ch.Fields[0].Path != "instance_class" {
		t.Fatalf("diff: %s %+v, want update of instance_class", ch.Action, ch.Fields)
	}
	dbApply(t, d.e, d.res, reconcile.ApplyOptions{})
	d.f.srv.ResetCalls()
	res := dbApply(t, d.e, d.res, reconcile.ApplyOptions{})
	pending := changeAt(res.Report, "database.instance").Pending
	if !res.Converged() || len(pending) != 1 || pending[0].Path != "instance_class" {
		t.Fatalf("second apply: converged %v, pending %+v; want in sync with instance_class pending", res.Converged(), pending)
	}
	if n := d.f.srv.Calls()["rds:ModifyDBInstance"]; n != 0 {
		t.Fatalf("the pending change was sent again (%d ModifyDBInstance)", n)
	}
	now := dbResources(t, map[string]any{"apply_immediately": true})
	dbApply(t, d.e, now, reconcile.ApplyOptions{})
	eventually(t, "the class applied at once", func() bool {
		r := dbPlan(t, d.e, now)
		return r.InSync() && len(r.WithPending()) == 0
	})
}

// Bad input AWS would refuse is refused before any call: diff shows it
// refused (or, for the identifier, a replacement) with the reason, and
// apply refuses it and sends nothing.
func TestDatabaseBadInputIsRefusedAndNeverSent(t *testing.T) {
	d := newDBEnv(t, map[string]any{"allocated_storage": int64(40)})
	for _, c := range []struct {
		name, field, action, reason string
		edit                        map[string]any
	}{
		{"storage decrease", "allocated_storage", "refused", "can only grow", map[string]any{"allocated_storage": int64(30)}},
		{"engine downgrade", "engine_version", "refused", "cannot downgrade", map[string]any{"allocated_storage": int64(40), "engine_version": "16.2"}},
		{"identifier change", "identifier", "replace", "snapshot the instance, restore", map[string]any{"allocated_storage": int64(40), "identifier": "everruns-renamed"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := dbResources(t, c.edit)
			ch := changeAt(dbPlan(t, d.e, res), "database.instance")
			if string(ch.Action) != c.action || !slices.ContainsFunc(ch.Fields, func(f drift.FieldChange) bool { return f.Path == c.field }) ||
				!strings.Contains(ch.Reason, c.reason) {
				t.Fatalf("diff: %s %+v (%s), want %s of %s with %q", ch.Action, ch.Fields, ch.Reason, c.action, c.field, c.reason)
			}
			d.f.srv.ResetCalls()
			out := dbApply(t, d.e, res, reconcile.ApplyOptions{AllowReplace: true})
			i := slices.IndexFunc(out.Outcomes, func(o reconcile.Outcome) bool { return o.Address == "database.instance" })
			if o := out.Outcomes[i]; o.Err == nil || !strings.Contains(o.Err.Error(), c.reason) {
				t.Fatalf("apply: %s %v, want refused with %q", o.Status, o.Err, c.reason)
			}
			if m := mutations(d.f.srv.Calls()); len(m) != 0 {
				t.Fatalf("apply sent %v", m)
			}
		})
	}
}
