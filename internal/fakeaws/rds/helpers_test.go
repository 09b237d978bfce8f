package rds_test

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/rds/types"
	"github.com/aws/smithy-go"

	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

// step is how long each DB instance transition takes in these tests.
const step = time.Minute

type env struct {
	srv      *fakeaws.Server
	endpoint string
	rds      *rds.Client
	ec2      *ec2.Client
}

func start(t *testing.T) env {
	t.Helper()
	srv, cfg := fakeawstest.Start(t, fakeaws.WithTiming(core.Timing{DBInstance: step}))
	return env{srv: srv, endpoint: aws.ToString(cfg.BaseEndpoint), rds: rds.NewFromConfig(cfg), ec2: ec2.NewFromConfig(cfg)}
}

// subnets creates a VPC with one subnet in each AZ given, through the EC2
// fake, which is what RDS asks for the subnets' AZs.
func (e env) subnets(t *testing.T, azs ...string) (vpcID string, ids []string) {
	t.Helper()
	vpc, err := e.ec2.CreateVpc(t.Context(), &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16")})
	if err != nil {
		t.Fatalf("CreateVpc: %v", err)
	}
	for n, az := range azs {
		sn, err := e.ec2.CreateSubnet(t.Context(), &ec2.CreateSubnetInput{
			VpcId: vpc.Vpc.VpcId, AvailabilityZone: aws.String(az), CidrBlock: aws.String("10.0." + string(rune('0'+n)) + ".0/24"),
		})
		if err != nil {
			t.Fatalf("CreateSubnet %s: %v", az, err)
		}
		ids = append(ids, aws.ToString(sn.Subnet.SubnetId))
	}
	return aws.ToString(vpc.Vpc.VpcId), ids
}

// subnetGroup creates a subnet group over two AZs.
func (e env) subnetGroup(t *testing.T, name string) {
	t.Helper()
	_, ids := e.subnets(t, "us-east-1a", "us-east-1b")
	if _, err := e.rds.CreateDBSubnetGroup(t.Context(), &rds.CreateDBSubnetGroupInput{
		DBSubnetGroupName: aws.String(name), DBSubnetGroupDescription: aws.String("db"), SubnetIds: ids,
	}); err != nil {
		t.Fatalf("CreateDBSubnetGroup: %v", err)
	}
}

func instanceInput(id string) *rds.CreateDBInstanceInput {
	return &rds.CreateDBInstanceInput{
		DBInstanceIdentifier: aws.String(id),
		DBInstanceClass:      aws.String("db.t4g.micro"),
		Engine:               aws.String("postgres"),
		EngineVersion:        aws.String("16.3"),
		AllocatedStorage:     aws.Int32(20),
		MasterUsername:       aws.String("app"),
		MasterUserPassword:   aws.String("correct-horse-battery"),
	}
}

func (e env) create(t *testing.T, in *rds.CreateDBInstanceInput) *types.DBInstance {
	t.Helper()
	out, err := e.rds.CreateDBInstance(t.Context(), in)
	if err != nil {
		t.Fatalf("CreateDBInstance: %v", err)
	}
	return out.DBInstance
}

// available creates an instance and advances the clock through creating
// and backing-up.
func (e env) available(t *testing.T, in *rds.CreateDBInstanceInput) {
	t.Helper()
	e.create(t, in)
	e.srv.Clock().Advance(2 * step)
	if got := aws.ToString(e.describe(t, aws.ToString(in.DBInstanceIdentifier)).DBInstanceStatus); got != "available" {
		t.Fatalf("status after 2 steps = %s, want available", got)
	}
}

func (e env) describe(t *testing.T, id string) *types.DBInstance {
	t.Helper()
	out, err := e.rds.DescribeDBInstances(t.Context(), &rds.DescribeDBInstancesInput{DBInstanceIdentifier: aws.String(id)})
	if err != nil {
		t.Fatalf("DescribeDBInstances %s: %v", id, err)
	}
	if len(out.DBInstances) != 1 {
		t.Fatalf("DescribeDBInstances %s: %d instances, want 1", id, len(out.DBInstances))
	}
	return &out.DBInstances[0]
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v, want API error %s", err, code)
	}
	if apiErr.ErrorCode() != code {
		t.Fatalf("error code = %s (%v), want %s", apiErr.ErrorCode(), err, code)
	}
}
