package rds_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
)

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html
// With ApplyImmediately the instance is "modifying", the change waits in
// PendingModifiedValues, and once modifying ends it is live.
func TestModifyDBInstanceApplyImmediately(t *testing.T) {
	e := start(t)
	e.available(t, instanceInput("db1"))
	out, err := e.rds.ModifyDBInstance(t.Context(), &rds.ModifyDBInstanceInput{
		DBInstanceIdentifier: aws.String("db1"), DBInstanceClass: aws.String("db.t4g.small"), ApplyImmediately: aws.Bool(true),
	})
	if err != nil {
		t.Fatalf("ModifyDBInstance: %v", err)
	}
	db := out.DBInstance
	if aws.ToString(db.DBInstanceStatus) != "modifying" || aws.ToString(db.PendingModifiedValues.DBInstanceClass) != "db.t4g.small" || aws.ToString(db.DBInstanceClass) != "db.t4g.micro" {
		t.Errorf("during: status %s, pending class %s, class %s; want modifying, db.t4g.small, db.t4g.micro",
			aws.ToString(db.DBInstanceStatus), aws.ToString(db.PendingModifiedValues.DBInstanceClass), aws.ToString(db.DBInstanceClass))
	}
	e.srv.Clock().Advance(step)
	db = e.describe(t, "db1")
	if aws.ToString(db.DBInstanceStatus) != "available" || aws.ToString(db.DBInstanceClass) != "db.t4g.small" || db.PendingModifiedValues.DBInstanceClass != nil {
		t.Errorf("after: status %s class %s pending %v; want available, db.t4g.small, nothing pending",
			aws.ToString(db.DBInstanceStatus), aws.ToString(db.DBInstanceClass), db.PendingModifiedValues.DBInstanceClass)
	}
}

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html
// (ApplyImmediately false: the change waits for the maintenance window; the
// instance stays available meanwhile)
func TestModifyDBInstanceDeferred(t *testing.T) {
	e := start(t)
	e.available(t, instanceInput("db1"))
	if _, err := e.rds.ModifyDBInstance(t.Context(), &rds.ModifyDBInstanceInput{
		DBInstanceIdentifier: aws.String("db1"), AllocatedStorage: aws.Int32(50),
	}); err != nil {
		t.Fatalf("ModifyDBInstance: %v", err)
	}
	e.srv.Clock().Advance(10 * step)
	db := e.describe(t, "db1")
	if aws.ToString(db.DBInstanceStatus) != "available" || aws.ToInt32(db.AllocatedStorage) != 20 || aws.ToInt32(db.PendingModifiedValues.AllocatedStorage) != 50 {
		t.Errorf("status %s storage %d pending %d; want available, 20, 50 pending",
			aws.ToString(db.DBInstanceStatus), aws.ToInt32(db.AllocatedStorage), aws.ToInt32(db.PendingModifiedValues.AllocatedStorage))
	}
}

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html
// (Errors: InvalidDBInstanceState, DBInstanceNotFound; deletion protection
// applies at once)
func TestModifyDBInstanceErrors(t *testing.T) {
	e := start(t)
	e.create(t, instanceInput("db1"))
	_, err := e.rds.ModifyDBInstance(t.Context(), &rds.ModifyDBInstanceInput{DBInstanceIdentifier: aws.String("db1"), DeletionProtection: aws.Bool(true)})
	wantCode(t, err, "InvalidDBInstanceState")
	_, err = e.rds.ModifyDBInstance(t.Context(), &rds.ModifyDBInstanceInput{DBInstanceIdentifier: aws.String("nope"), DeletionProtection: aws.Bool(true)})
	wantCode(t, err, "DBInstanceNotFound")
}

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html
// FinalDBSnapshotIdentifier or SkipFinalSnapshot is required
// (InvalidParameterCombination); deletion protection refuses it; then
// "deleting", then DBInstanceNotFound.
func TestDeleteDBInstance(t *testing.T) {
	e := start(t)
	in := instanceInput("db1")
	in.DeletionProtection = aws.Bool(true)
	e.available(t, in)
	del := func(skip bool, final string) error {
		in := &rds.DeleteDBInstanceInput{DBInstanceIdentifier: aws.String("db1"), SkipFinalSnapshot: aws.Bool(skip)}
		if final != "" {
			in.FinalDBSnapshotIdentifier = aws.String(final)
		}
		_, err := e.rds.DeleteDBInstance(t.Context(), in)
		return err
	}
	wantCode(t, del(true, ""), "InvalidParameterCombination") // protected
	if _, err := e.rds.ModifyDBInstance(t.Context(), &rds.ModifyDBInstanceInput{DBInstanceIdentifier: aws.String("db1"), DeletionProtection: aws.Bool(false)}); err != nil {
		t.Fatalf("ModifyDBInstance: %v", err)
	}
	wantCode(t, del(false, ""), "InvalidParameterCombination") // no final snapshot named
	if err := del(true, ""); err != nil {
		t.Fatalf("DeleteDBInstance: %v", err)
	}
	if got := aws.ToString(e.describe(t, "db1").DBInstanceStatus); got != "deleting" {
		t.Errorf("status = %s, want deleting", got)
	}
	wantCode(t, del(true, ""), "InvalidDBInstanceState")
	e.srv.Clock().Advance(step)
	_, err := e.rds.DescribeDBInstances(t.Context(), &rds.DescribeDBInstancesInput{DBInstanceIdentifier: aws.String("db1")})
	wantCode(t, err, "DBInstanceNotFound")
}

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html
// (Errors: InvalidDBInstanceState: an instance still being created)
func TestDeleteDBInstanceNotAvailable(t *testing.T) {
	e := start(t)
	e.create(t, instanceInput("db1"))
	_, err := e.rds.DeleteDBInstance(t.Context(), &rds.DeleteDBInstanceInput{DBInstanceIdentifier: aws.String("db1"), SkipFinalSnapshot: aws.Bool(true)})
	wantCode(t, err, "InvalidDBInstanceState")
}
