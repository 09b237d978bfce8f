package rds_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/rds/types"
)

var endpointShape = regexp.MustCompile(`^db1\.[a-z0-9]{12}\.us-east-1\.rds\.amazonaws\.com$`)

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
// https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/accessing-monitoring.html#Overview.DBInstance.Status
// creating (no endpoint yet) → backing-up → available; the instance keeps
// its security groups, subnet group and tags; the password never comes back.
func TestCreateDBInstanceLifecycle(t *testing.T) {
	e := start(t)
	e.subnetGroup(t, "app-db")
	in := instanceInput("DB1")
	in.DBSubnetGroupName = aws.String("app-db")
	in.VpcSecurityGroupIds = []string{"sg-0123456789abcdef0"}
	in.Tags = []types.Tag{{Key: aws.String("env"), Value: aws.String("prod")}}
	created := e.create(t, in)
	if aws.ToString(created.DBInstanceStatus) != "creating" || created.Endpoint != nil {
		t.Errorf("create: status %s endpoint %v, want creating without endpoint", aws.ToString(created.DBInstanceStatus), created.Endpoint)
	}
	e.srv.Clock().Advance(step - 1)
	if got := aws.ToString(e.describe(t, "db1").DBInstanceStatus); got != "creating" {
		t.Errorf("just before one step: %s, want creating", got)
	}
	e.srv.Clock().Advance(1)
	if got := aws.ToString(e.describe(t, "db1").DBInstanceStatus); got != "backing-up" {
		t.Errorf("after one step: %s, want backing-up", got)
	}
	e.srv.Clock().Advance(step)
	db := e.describe(t, "db1")
	if aws.ToString(db.DBInstanceStatus) != "available" {
		t.Fatalf("after two steps: %s, want available", aws.ToString(db.DBInstanceStatus))
	}
	if aws.ToString(db.DBInstanceIdentifier) != "db1" || aws.ToString(db.DBInstanceArn) != "arn:aws:rds:us-east-1:123456789012:db:db1" {
		t.Errorf("identifier %s ARN %s", aws.ToString(db.DBInstanceIdentifier), aws.ToString(db.DBInstanceArn))
	}
	if db.Endpoint == nil || !endpointShape.MatchString(aws.ToString(db.Endpoint.Address)) || aws.ToInt32(db.Endpoint.Port) != 5432 {
		t.Errorf("endpoint = %+v, want <id>.<hash>.us-east-1.rds.amazonaws.com:5432", db.Endpoint)
	}
	if len(db.VpcSecurityGroups) != 1 || aws.ToString(db.VpcSecurityGroups[0].VpcSecurityGroupId) != "sg-0123456789abcdef0" {
		t.Errorf("VpcSecurityGroups = %+v", db.VpcSecurityGroups)
	}
	if db.DBSubnetGroup == nil || aws.ToString(db.DBSubnetGroup.DBSubnetGroupName) != "app-db" {
		t.Errorf("DBSubnetGroup = %+v, want app-db", db.DBSubnetGroup)
	}
	if len(db.TagList) != 1 || aws.ToString(db.TagList[0].Key) != "env" {
		t.Errorf("TagList = %+v, want env=prod", db.TagList)
	}
	for _, d := range []*types.DBInstance{created, db} {
		if p := d.PendingModifiedValues; p != nil && aws.ToString(p.MasterUserPassword) == "correct-horse-battery" {
			t.Error("the master password was returned")
		}
	}
	if db.PendingModifiedValues != nil && db.PendingModifiedValues.MasterUserPassword != nil {
		t.Errorf("pending password %q once available, want none", aws.ToString(db.PendingModifiedValues.MasterUserPassword))
	}
}

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
// (Errors: DBInstanceAlreadyExists, DBSubnetGroupNotFoundFault;
// MasterUserPassword constraints → InvalidParameterValue)
func TestCreateDBInstanceErrors(t *testing.T) {
	e := start(t)
	e.create(t, instanceInput("db1"))
	_, err := e.rds.CreateDBInstance(t.Context(), instanceInput("db1"))
	wantCode(t, err, "DBInstanceAlreadyExists")

	in := instanceInput("db2")
	in.DBSubnetGroupName = aws.String("nope")
	_, err = e.rds.CreateDBInstance(t.Context(), in)
	wantCode(t, err, "DBSubnetGroupNotFoundFault")

	in = instanceInput("db3")
	in.MasterUserPassword = aws.String("has@sign-in-it")
	_, err = e.rds.CreateDBInstance(t.Context(), in)
	wantCode(t, err, "InvalidParameterValue")
}

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBInstances.html
// (Errors: DBInstanceNotFound)
func TestDescribeUnknownDBInstance(t *testing.T) {
	e := start(t)
	_, err := e.rds.DescribeDBInstances(t.Context(), &rds.DescribeDBInstancesInput{DBInstanceIdentifier: aws.String("nope")})
	wantCode(t, err, "DBInstanceNotFound")
}

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBInstances.html
// (Filters db-instance-id accepts identifiers and ARNs; MaxRecords 20 to
// 100 with Marker paging)
func TestDescribeDBInstancesFiltersAndPaging(t *testing.T) {
	e := start(t)
	for n := range 25 {
		e.create(t, instanceInput(fmt.Sprintf("db%02d", n)))
	}
	out, err := e.rds.DescribeDBInstances(t.Context(), &rds.DescribeDBInstancesInput{Filters: []types.Filter{
		{Name: aws.String("db-instance-id"), Values: []string{"db03", "arn:aws:rds:us-east-1:123456789012:db:db07"}},
	}})
	if err != nil {
		t.Fatalf("DescribeDBInstances with filter: %v", err)
	}
	if len(out.DBInstances) != 2 || aws.ToString(out.DBInstances[0].DBInstanceIdentifier) != "db03" || aws.ToString(out.DBInstances[1].DBInstanceIdentifier) != "db07" {
		t.Errorf("filtered = %d instances, want db03 and db07", len(out.DBInstances))
	}
	seen := map[string]bool{}
	pages := 0
	p := rds.NewDescribeDBInstancesPaginator(e.rds, &rds.DescribeDBInstancesInput{MaxRecords: aws.Int32(20)})
	for p.HasMorePages() {
		page, err := p.NextPage(t.Context())
		if err != nil {
			t.Fatalf("page %d: %v", pages, err)
		}
		for _, d := range page.DBInstances {
			seen[aws.ToString(d.DBInstanceIdentifier)] = true
		}
		pages++
	}
	if pages != 2 || len(seen) != 25 {
		t.Errorf("%d pages, %d distinct instances; want 2 and 25", pages, len(seen))
	}
	_, err = e.rds.DescribeDBInstances(t.Context(), &rds.DescribeDBInstancesInput{MaxRecords: aws.Int32(10)})
	wantCode(t, err, "InvalidParameterValue")
	_, err = e.rds.DescribeDBInstances(t.Context(), &rds.DescribeDBInstancesInput{Filters: []types.Filter{{Name: aws.String("bogus"), Values: []string{"x"}}}})
	wantCode(t, err, "InvalidParameterValue")
}
