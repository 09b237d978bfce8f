package rds_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/rds/types"
)

func forceSSL(t *testing.T, e env, group string, source *string) *types.Parameter {
	t.Helper()
	out, err := e.rds.DescribeDBParameters(t.Context(), &rds.DescribeDBParametersInput{DBParameterGroupName: aws.String(group), Source: source})
	if err != nil {
		t.Fatalf("DescribeDBParameters: %v", err)
	}
	for _, p := range out.Parameters {
		if aws.ToString(p.ParameterName) == "rds.force_ssl" {
			return &p
		}
	}
	return nil
}

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBParameterGroup.html
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBParameterGroup.html
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBParameters.html
// rds.force_ssl is set and reads back with Source "user".
func TestParameterGroupForceSSL(t *testing.T) {
	e := start(t)
	out, err := e.rds.CreateDBParameterGroup(t.Context(), &rds.CreateDBParameterGroupInput{
		DBParameterGroupName: aws.String("app-pg14"), DBParameterGroupFamily: aws.String("postgres14"), Description: aws.String("app"),
	})
	if err != nil {
		t.Fatalf("CreateDBParameterGroup: %v", err)
	}
	if aws.ToString(out.DBParameterGroup.DBParameterGroupArn) != "arn:aws:rds:us-east-1:123456789012:pg:app-pg14" {
		t.Errorf("ARN = %s", aws.ToString(out.DBParameterGroup.DBParameterGroupArn))
	}
	if p := forceSSL(t, e, "app-pg14", nil); p == nil || aws.ToString(p.ParameterValue) != "0" || aws.ToString(p.Source) != "engine-default" {
		t.Fatalf("default rds.force_ssl = %+v, want 0 from engine-default (postgres14)", p)
	}
	if _, err := e.rds.ModifyDBParameterGroup(t.Context(), &rds.ModifyDBParameterGroupInput{
		DBParameterGroupName: aws.String("app-pg14"),
		Parameters:           []types.Parameter{{ParameterName: aws.String("rds.force_ssl"), ParameterValue: aws.String("1"), ApplyMethod: types.ApplyMethodImmediate}},
	}); err != nil {
		t.Fatalf("ModifyDBParameterGroup: %v", err)
	}
	if p := forceSSL(t, e, "app-pg14", aws.String("user")); p == nil || aws.ToString(p.ParameterValue) != "1" {
		t.Errorf("user rds.force_ssl = %+v, want 1", p)
	}
	in := instanceInput("db1")
	in.DBParameterGroupName = aws.String("app-pg14")
	db := e.create(t, in)
	if len(db.DBParameterGroups) != 1 || aws.ToString(db.DBParameterGroups[0].DBParameterGroupName) != "app-pg14" {
		t.Errorf("DBParameterGroups = %+v, want app-pg14", db.DBParameterGroups)
	}
}

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBParameterGroup.html
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBParameterGroup.html
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBParameterGroup.html
// (DBParameterGroupAlreadyExists; a static parameter refuses "immediate"
// and a bad value; DBParameterGroupNotFound; InvalidDBParameterGroupState
// while an instance uses the group)
func TestParameterGroupErrors(t *testing.T) {
	e := start(t)
	create := func() error {
		_, err := e.rds.CreateDBParameterGroup(t.Context(), &rds.CreateDBParameterGroupInput{
			DBParameterGroupName: aws.String("pg"), DBParameterGroupFamily: aws.String("postgres16"), Description: aws.String("x"),
		})
		return err
	}
	if err := create(); err != nil {
		t.Fatalf("CreateDBParameterGroup: %v", err)
	}
	wantCode(t, create(), "DBParameterGroupAlreadyExists")
	modify := func(name, value string, method types.ApplyMethod) error {
		_, err := e.rds.ModifyDBParameterGroup(t.Context(), &rds.ModifyDBParameterGroupInput{DBParameterGroupName: aws.String("pg"),
			Parameters: []types.Parameter{{ParameterName: aws.String(name), ParameterValue: aws.String(value), ApplyMethod: method}}})
		return err
	}
	wantCode(t, modify("max_connections", "100", types.ApplyMethodImmediate), "InvalidParameterCombination")
	wantCode(t, modify("rds.force_ssl", "yes", types.ApplyMethodImmediate), "InvalidParameterValue")
	_, err := e.rds.DescribeDBParameterGroups(t.Context(), &rds.DescribeDBParameterGroupsInput{DBParameterGroupName: aws.String("nope")})
	wantCode(t, err, "DBParameterGroupNotFound")

	in := instanceInput("db1")
	in.DBParameterGroupName = aws.String("pg")
	e.create(t, in)
	_, err = e.rds.DeleteDBParameterGroup(t.Context(), &rds.DeleteDBParameterGroupInput{DBParameterGroupName: aws.String("pg")})
	wantCode(t, err, "InvalidDBParameterGroupState")
	in = instanceInput("db2")
	in.DBParameterGroupName = aws.String("nope")
	_, err = e.rds.CreateDBInstance(t.Context(), in)
	wantCode(t, err, "DBParameterGroupNotFound")
}
