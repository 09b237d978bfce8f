package rds_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/rds/types"
)

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBInstance.html
// StorageEncrypted and PerformanceInsightsEnabled report what the instance
// was created with; Performance Insights changes at once
// (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ModifyInstance.Settings.html).
func TestInstanceReportsEncryptionAndPerformanceInsights(t *testing.T) {
	e := start(t)
	in := instanceInput("db1")
	in.StorageEncrypted, in.EnablePerformanceInsights = aws.Bool(true), aws.Bool(true)
	e.available(t, in)
	db := e.describe(t, "db1")
	if !aws.ToBool(db.StorageEncrypted) || !aws.ToBool(db.PerformanceInsightsEnabled) {
		t.Fatalf("StorageEncrypted %v, PerformanceInsightsEnabled %v; want both true", aws.ToBool(db.StorageEncrypted), aws.ToBool(db.PerformanceInsightsEnabled))
	}
	if _, err := e.rds.ModifyDBInstance(t.Context(), &rds.ModifyDBInstanceInput{
		DBInstanceIdentifier: aws.String("db1"), EnablePerformanceInsights: aws.Bool(false),
	}); err != nil {
		t.Fatal(err)
	}
	if db := e.describe(t, "db1"); aws.ToBool(db.PerformanceInsightsEnabled) {
		t.Error("Performance Insights still on after ModifyDBInstance without ApplyImmediately")
	}
}

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ResetDBParameterGroup.html
// A reset parameter is no longer user-set; Parameters and
// ResetAllParameters are exclusive; a static one takes pending-reboot only.
func TestResetDBParameterGroup(t *testing.T) {
	e := start(t)
	if _, err := e.rds.CreateDBParameterGroup(t.Context(), &rds.CreateDBParameterGroupInput{
		DBParameterGroupName: aws.String("pg"), DBParameterGroupFamily: aws.String("postgres16"), Description: aws.String("pg"),
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.rds.ModifyDBParameterGroup(t.Context(), &rds.ModifyDBParameterGroupInput{DBParameterGroupName: aws.String("pg"),
		Parameters: []types.Parameter{{ParameterName: aws.String("rds.force_ssl"), ParameterValue: aws.String("0"), ApplyMethod: types.ApplyMethodImmediate}}}); err != nil {
		t.Fatal(err)
	}
	_, err := e.rds.ResetDBParameterGroup(t.Context(), &rds.ResetDBParameterGroupInput{DBParameterGroupName: aws.String("pg"),
		Parameters: []types.Parameter{{ParameterName: aws.String("max_connections"), ApplyMethod: types.ApplyMethodImmediate}}})
	wantCode(t, err, "InvalidParameterCombination")
	_, err = e.rds.ResetDBParameterGroup(t.Context(), &rds.ResetDBParameterGroupInput{DBParameterGroupName: aws.String("pg"), ResetAllParameters: aws.Bool(true),
		Parameters: []types.Parameter{{ParameterName: aws.String("rds.force_ssl"), ApplyMethod: types.ApplyMethodImmediate}}})
	wantCode(t, err, "InvalidParameterCombination")
	if _, err := e.rds.ResetDBParameterGroup(t.Context(), &rds.ResetDBParameterGroupInput{DBParameterGroupName: aws.String("pg"),
		Parameters: []types.Parameter{{ParameterName: aws.String("rds.force_ssl"), ApplyMethod: types.ApplyMethodImmediate}}}); err != nil {
		t.Fatal(err)
	}
	if p := forceSSL(t, e, "pg", aws.String("user")); p != nil {
		t.Errorf("rds.force_ssl is still user-set after the reset: %s", aws.ToString(p.ParameterValue))
	}
}
