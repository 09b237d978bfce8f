package rds_test

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
)

// The fake clock starts on Thursday 2026-01-01 00:00 UTC; an instance made
// available by e.available is so at 00:02.
const thursdayWindow = "thu:02:00-thu:02:30"

func (e env) modify(t *testing.T, in *rds.ModifyDBInstanceInput) {
	t.Helper()
	if _, err := e.rds.ModifyDBInstance(t.Context(), in); err != nil {
		t.Fatalf("ModifyDBInstance: %v", err)
	}
}

func (e env) advanceTo(t *testing.T, at time.Time) {
	t.Helper()
	d := at.Sub(e.srv.Clock().Now())
	if d < 0 {
		t.Fatalf("clock is past %s", at)
	}
	e.srv.Clock().Advance(d)
}

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html
// (AllocatedStorage, DBInstanceClass: "the change is applied during the next
// maintenance window, unless ApplyImmediately is enabled"): the change
// waits in PendingModifiedValues, and at the start of the
// PreferredMaintenanceWindow the instance is modifying, then has it.
func TestModifyDBInstanceAppliesInMaintenanceWindow(t *testing.T) {
	e := start(t)
	in := instanceInput("db1")
	in.PreferredMaintenanceWindow = aws.String(thursdayWindow)
	e.available(t, in)
	e.modify(t, &rds.ModifyDBInstanceInput{DBInstanceIdentifier: aws.String("db1"), AllocatedStorage: aws.Int32(50), DBInstanceClass: aws.String("db.t4g.small")})
	window := time.Date(2026, 1, 1, 2, 0, 0, 0, time.UTC)
	e.advanceTo(t, window.Add(-time.Second))
	db := e.describe(t, "db1")
	if aws.ToString(db.DBInstanceStatus) != "available" || aws.ToInt32(db.AllocatedStorage) != 20 || aws.ToInt32(db.PendingModifiedValues.AllocatedStorage) != 50 {
		t.Fatalf("before the window: status %s storage %d pending %d; want available, 20, 50 pending",
			aws.ToString(db.DBInstanceStatus), aws.ToInt32(db.AllocatedStorage), aws.ToInt32(db.PendingModifiedValues.AllocatedStorage))
	}
	e.srv.Clock().Advance(time.Second)
	if got := aws.ToString(e.describe(t, "db1").DBInstanceStatus); got != "modifying" {
		t.Fatalf("at the window's start: %s, want modifying", got)
	}
	e.srv.Clock().Advance(step)
	db = e.describe(t, "db1")
	if aws.ToString(db.DBInstanceStatus) != "available" || aws.ToInt32(db.AllocatedStorage) != 50 || aws.ToString(db.DBInstanceClass) != "db.t4g.small" ||
		db.PendingModifiedValues.AllocatedStorage != nil || db.PendingModifiedValues.DBInstanceClass != nil {
		t.Errorf("after the window: status %s storage %d class %s pending %+v; want available, 50, db.t4g.small, nothing pending",
			aws.ToString(db.DBInstanceStatus), aws.ToInt32(db.AllocatedStorage), aws.ToString(db.DBInstanceClass), db.PendingModifiedValues)
	}
}

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html
// (ApplyImmediately: "the modifications in this request and any pending
// modifications are asynchronously applied as soon as possible")
func TestModifyDBInstanceApplyImmediatelyTakesPendingAlong(t *testing.T) {
	e := start(t)
	e.available(t, instanceInput("db1"))
	e.modify(t, &rds.ModifyDBInstanceInput{DBInstanceIdentifier: aws.String("db1"), AllocatedStorage: aws.Int32(50)})
	e.modify(t, &rds.ModifyDBInstanceInput{DBInstanceIdentifier: aws.String("db1"), MultiAZ: aws.Bool(true), ApplyImmediately: aws.Bool(true)})
	e.srv.Clock().Advance(step)
	db := e.describe(t, "db1")
	if aws.ToInt32(db.AllocatedStorage) != 50 || !aws.ToBool(db.MultiAZ) || db.PendingModifiedValues.AllocatedStorage != nil {
		t.Errorf("storage %d multi-AZ %v pending %+v; want 50, true, nothing pending", aws.ToInt32(db.AllocatedStorage), aws.ToBool(db.MultiAZ), db.PendingModifiedValues)
	}
}

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html
// DeletionProtection, PubliclyAccessible, VpcSecurityGroupIds,
// MaxAllocatedStorage, the two windows, and BackupRetentionPeriod between
// two non-zero values take effect without ApplyImmediately and without a
// maintenance window; BackupRetentionPeriod to 0 waits.
func TestModifyDBInstanceAppliesAtOnce(t *testing.T) {
	e := start(t)
	e.available(t, instanceInput("db1"))
	e.modify(t, &rds.ModifyDBInstanceInput{
		DBInstanceIdentifier: aws.String("db1"), DeletionProtection: aws.Bool(true), PubliclyAccessible: aws.Bool(true),
		VpcSecurityGroupIds: []string{"sg-0aaaaaaaaaaaaaaaa"}, MaxAllocatedStorage: aws.Int32(100),
		PreferredMaintenanceWindow: aws.String("mon:04:00-mon:04:30"), PreferredBackupWindow: aws.String("01:00-01:30"),
		BackupRetentionPeriod: aws.Int32(7),
	})
	db := e.describe(t, "db1")
	p := db.PendingModifiedValues
	if aws.ToString(db.DBInstanceStatus) != "available" || !aws.ToBool(db.DeletionProtection) || !aws.ToBool(db.PubliclyAccessible) ||
		len(db.VpcSecurityGroups) != 1 || aws.ToString(db.VpcSecurityGroups[0].VpcSecurityGroupId) != "sg-0aaaaaaaaaaaaaaaa" ||
		aws.ToInt32(db.MaxAllocatedStorage) != 100 || aws.ToString(db.PreferredMaintenanceWindow) != "mon:04:00-mon:04:30" ||
		aws.ToString(db.PreferredBackupWindow) != "01:00-01:30" || aws.ToInt32(db.BackupRetentionPeriod) != 7 || p.BackupRetentionPeriod != nil {
		t.Errorf("not applied at once: %+v", db)
	}
	e.modify(t, &rds.ModifyDBInstanceInput{DBInstanceIdentifier: aws.String("db1"), BackupRetentionPeriod: aws.Int32(0)})
	db = e.describe(t, "db1")
	if aws.ToInt32(db.BackupRetentionPeriod) != 7 || aws.ToInt32(db.PendingModifiedValues.BackupRetentionPeriod) != 0 || db.PendingModifiedValues.BackupRetentionPeriod == nil {
		t.Errorf("retention to 0: live %d pending %v; want 7 live, 0 pending", aws.ToInt32(db.BackupRetentionPeriod), db.PendingModifiedValues.BackupRetentionPeriod)
	}
	_, err := e.rds.ModifyDBInstance(t.Context(), &rds.ModifyDBInstanceInput{DBInstanceIdentifier: aws.String("db1"), PreferredMaintenanceWindow: aws.String("mon:04:00-mon:04:10")})
	wantCode(t, err, "InvalidParameterValue")
}

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html
// (MasterUserPassword: "asynchronously applied as soon as possible.
// Between the time of the request and the completion of the request, the
// MasterUserPassword element exists in the PendingModifiedValues")
func TestModifyDBInstancePasswordIsPendingUntilApplied(t *testing.T) {
	e := start(t)
	e.available(t, instanceInput("db1"))
	e.modify(t, &rds.ModifyDBInstanceInput{DBInstanceIdentifier: aws.String("db1"), MasterUserPassword: aws.String("another-long-secret")})
	db := e.describe(t, "db1")
	if db.PendingModifiedValues.MasterUserPassword == nil || aws.ToString(db.PendingModifiedValues.MasterUserPassword) == "another-long-secret" {
		t.Fatalf("pending password = %v, want present and masked", db.PendingModifiedValues.MasterUserPassword)
	}
	if got := aws.ToString(db.DBInstanceStatus); got != "resetting-master-credentials" {
		t.Errorf("status = %s, want resetting-master-credentials", got)
	}
	e.srv.Clock().Advance(step)
	db = e.describe(t, "db1")
	if aws.ToString(db.DBInstanceStatus) != "available" || db.PendingModifiedValues.MasterUserPassword != nil {
		t.Errorf("after: status %s pending password %v; want available, none", aws.ToString(db.DBInstanceStatus), db.PendingModifiedValues.MasterUserPassword)
	}
}

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html
// (DBParameterGroupName: "The parameter group name itself is changed
// immediately, but the actual parameter changes are not applied until you
// reboot the instance without failover")
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RebootDBInstance.html
func TestModifyDBInstanceParameterGroupNeedsReboot(t *testing.T) {
	e := start(t)
	e.paramGroup(t, "app-pg16", "postgres16")
	e.available(t, instanceInput("db1"))
	e.modify(t, &rds.ModifyDBInstanceInput{DBInstanceIdentifier: aws.String("db1"), DBParameterGroupName: aws.String("app-pg16")})
	e.wantParamStatus(t, "db1", "app-pg16", "pending-reboot")
	e.srv.Clock().Advance(30 * 24 * time.Hour) // no maintenance window applies it
	e.wantParamStatus(t, "db1", "app-pg16", "pending-reboot")
	out, err := e.rds.RebootDBInstance(t.Context(), &rds.RebootDBInstanceInput{DBInstanceIdentifier: aws.String("db1")})
	if err != nil {
		t.Fatalf("RebootDBInstance: %v", err)
	}
	if got := aws.ToString(out.DBInstance.DBInstanceStatus); got != "rebooting" {
		t.Errorf("status = %s, want rebooting", got)
	}
	_, err = e.rds.RebootDBInstance(t.Context(), &rds.RebootDBInstanceInput{DBInstanceIdentifier: aws.String("db1")})
	wantCode(t, err, "InvalidDBInstanceState")
	e.srv.Clock().Advance(step)
	e.wantParamStatus(t, "db1", "app-pg16", "in-sync")
}

func (e env) paramGroup(t *testing.T, name, family string) {
	t.Helper()
	if _, err := e.rds.CreateDBParameterGroup(t.Context(), &rds.CreateDBParameterGroupInput{
		DBParameterGroupName: aws.String(name), DBParameterGroupFamily: aws.String(family), Description: aws.String("app"),
	}); err != nil {
		t.Fatalf("CreateDBParameterGroup: %v", err)
	}
}

func (e env) wantParamStatus(t *testing.T, id, group, status string) {
	t.Helper()
	db := e.describe(t, id)
	if len(db.DBParameterGroups) != 1 || aws.ToString(db.DBParameterGroups[0].DBParameterGroupName) != group ||
		aws.ToString(db.DBParameterGroups[0].ParameterApplyStatus) != status {
		t.Errorf("DBParameterGroups = %+v, want %s %s", db.DBParameterGroups, group, status)
	}
}
