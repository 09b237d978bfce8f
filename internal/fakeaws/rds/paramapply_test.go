package rds_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/rds/types"
)

func (e env) setParam(t *testing.T, group, name, value string, method types.ApplyMethod) {
	t.Helper()
	if _, err := e.rds.ModifyDBParameterGroup(t.Context(), &rds.ModifyDBParameterGroupInput{DBParameterGroupName: aws.String(group),
		Parameters: []types.Parameter{{ParameterName: aws.String(name), ParameterValue: aws.String(value), ApplyMethod: method}}}); err != nil {
		t.Fatalf("ModifyDBParameterGroup %s: %v", name, err)
	}
}

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBParameterGroup.html
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBParameterGroupStatus.html
// A static parameter set with pending-reboot leaves every instance of the
// group pending-reboot until it reboots; a dynamic one (rds.force_ssl) set
// with immediate is applying, then in-sync.
func TestParameterGroupChangeApplyStatus(t *testing.T) {
	e := start(t)
	e.paramGroup(t, "app-pg16", "postgres16")
	for _, id := range []string{"db1", "db2"} {
		in := instanceInput(id)
		in.DBParameterGroupName = aws.String("app-pg16")
		e.create(t, in)
	}
	e.srv.Clock().Advance(2 * step)
	e.setParam(t, "app-pg16", "rds.force_ssl", "1", types.ApplyMethodImmediate)
	e.wantParamStatus(t, "db1", "app-pg16", "applying")
	e.srv.Clock().Advance(step)
	e.wantParamStatus(t, "db1", "app-pg16", "in-sync")

	e.setParam(t, "app-pg16", "max_connections", "200", types.ApplyMethodPendingReboot)
	e.wantParamStatus(t, "db1", "app-pg16", "pending-reboot")
	e.wantParamStatus(t, "db2", "app-pg16", "pending-reboot")
	if _, err := e.rds.RebootDBInstance(t.Context(), &rds.RebootDBInstanceInput{DBInstanceIdentifier: aws.String("db1")}); err != nil {
		t.Fatalf("RebootDBInstance: %v", err)
	}
	e.srv.Clock().Advance(step)
	e.wantParamStatus(t, "db1", "app-pg16", "in-sync")
	e.wantParamStatus(t, "db2", "app-pg16", "pending-reboot")
}

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBParameters.html
// Source=user lists only the modified parameters, with their value and
// apply method; MaxRecords/Marker page through the whole list.
func TestDescribeDBParametersSourceAndPaging(t *testing.T) {
	e := start(t)
	e.paramGroup(t, "app-pg16", "postgres16")
	e.setParam(t, "app-pg16", "rds.force_ssl", "1", types.ApplyMethodImmediate)
	e.setParam(t, "app-pg16", "shared_buffers", "65536", types.ApplyMethodPendingReboot)
	user, err := e.rds.DescribeDBParameters(t.Context(), &rds.DescribeDBParametersInput{DBParameterGroupName: aws.String("app-pg16"), Source: aws.String("user")})
	if err != nil {
		t.Fatalf("DescribeDBParameters: %v", err)
	}
	got := map[string]types.Parameter{}
	for _, p := range user.Parameters {
		got[aws.ToString(p.ParameterName)] = p
	}
	if len(got) != 2 || aws.ToString(got["rds.force_ssl"].ParameterValue) != "1" || got["rds.force_ssl"].ApplyMethod != types.ApplyMethodImmediate ||
		aws.ToString(got["shared_buffers"].ApplyType) != "static" || aws.ToString(got["shared_buffers"].Source) != "user" {
		t.Errorf("user parameters = %+v", got)
	}
	seen, pages := map[string]bool{}, 0
	p := rds.NewDescribeDBParametersPaginator(e.rds, &rds.DescribeDBParametersInput{DBParameterGroupName: aws.String("app-pg16"), MaxRecords: aws.Int32(20)})
	for p.HasMorePages() {
		out, err := p.NextPage(t.Context())
		if err != nil {
			t.Fatalf("DescribeDBParameters page: %v", err)
		}
		pages++
		for _, prm := range out.Parameters {
			if seen[aws.ToString(prm.ParameterName)] {
				t.Errorf("%s on two pages", aws.ToString(prm.ParameterName))
			}
			seen[aws.ToString(prm.ParameterName)] = true
		}
	}
	if pages < 2 || !seen["rds.force_ssl"] || !seen["work_mem"] {
		t.Errorf("%d pages, %d parameters; want at least 2 pages with every parameter", pages, len(seen))
	}
}
