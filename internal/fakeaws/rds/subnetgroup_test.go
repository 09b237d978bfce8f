package rds_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
)

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBSubnetGroup.html
// The name is stored in lower case; the group knows its VPC and each
// subnet's AZ (from EC2); its status is Complete.
func TestCreateDBSubnetGroup(t *testing.T) {
	e := start(t)
	vpc, ids := e.subnets(t, "us-east-1a", "us-east-1b")
	out, err := e.rds.CreateDBSubnetGroup(t.Context(), &rds.CreateDBSubnetGroupInput{
		DBSubnetGroupName: aws.String("App-DB"), DBSubnetGroupDescription: aws.String("db"), SubnetIds: ids,
	})
	if err != nil {
		t.Fatalf("CreateDBSubnetGroup: %v", err)
	}
	g := out.DBSubnetGroup
	if aws.ToString(g.DBSubnetGroupName) != "app-db" || aws.ToString(g.VpcId) != vpc || aws.ToString(g.SubnetGroupStatus) != "Complete" {
		t.Errorf("group = %s in %s (%s), want app-db in %s (Complete)", aws.ToString(g.DBSubnetGroupName), aws.ToString(g.VpcId), aws.ToString(g.SubnetGroupStatus), vpc)
	}
	if aws.ToString(g.DBSubnetGroupArn) != "arn:aws:rds:us-east-1:123456789012:subgrp:app-db" {
		t.Errorf("ARN = %s", aws.ToString(g.DBSubnetGroupArn))
	}
	azs := map[string]string{}
	for _, s := range g.Subnets {
		azs[aws.ToString(s.SubnetIdentifier)] = aws.ToString(s.SubnetAvailabilityZone.Name)
	}
	if azs[ids[0]] != "us-east-1a" || azs[ids[1]] != "us-east-1b" {
		t.Errorf("subnet AZs = %v, want %s→us-east-1a, %s→us-east-1b", azs, ids[0], ids[1])
	}
}

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html
// (Errors: DBSubnetGroupDoesNotCoverEnoughAZs; "must contain at least one
// subnet in at least two AZs in the AWS Region")
func TestCreateDBSubnetGroupOneAZ(t *testing.T) {
	e := start(t)
	_, ids := e.subnets(t, "us-east-1a", "us-east-1a")
	_, err := e.rds.CreateDBSubnetGroup(t.Context(), &rds.CreateDBSubnetGroupInput{
		DBSubnetGroupName: aws.String("one-az"), DBSubnetGroupDescription: aws.String("db"), SubnetIds: ids,
	})
	wantCode(t, err, "DBSubnetGroupDoesNotCoverEnoughAZs")
}

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBSubnetGroup.html
// (Errors: DBSubnetGroupAlreadyExists, InvalidSubnet)
func TestCreateDBSubnetGroupErrors(t *testing.T) {
	e := start(t)
	e.subnetGroup(t, "app-db")
	_, ids := e.subnets(t, "us-east-1a", "us-east-1c")
	_, err := e.rds.CreateDBSubnetGroup(t.Context(), &rds.CreateDBSubnetGroupInput{
		DBSubnetGroupName: aws.String("APP-DB"), DBSubnetGroupDescription: aws.String("db"), SubnetIds: ids,
	})
	wantCode(t, err, "DBSubnetGroupAlreadyExists")
	_, err = e.rds.CreateDBSubnetGroup(t.Context(), &rds.CreateDBSubnetGroupInput{
		DBSubnetGroupName: aws.String("other"), DBSubnetGroupDescription: aws.String("db"), SubnetIds: []string{ids[0], "subnet-0000000000000dead"},
	})
	wantCode(t, err, "InvalidSubnet")
}

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBSubnetGroup.html
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBSubnetGroups.html
// The subnets given replace the old ones; the AZ rule still holds.
func TestModifyDBSubnetGroup(t *testing.T) {
	e := start(t)
	e.subnetGroup(t, "app-db")
	_, ids := e.subnets(t, "us-east-1c", "us-east-1d")
	if _, err := e.rds.ModifyDBSubnetGroup(t.Context(), &rds.ModifyDBSubnetGroupInput{
		DBSubnetGroupName: aws.String("app-db"), SubnetIds: ids, DBSubnetGroupDescription: aws.String("moved"),
	}); err != nil {
		t.Fatalf("ModifyDBSubnetGroup: %v", err)
	}
	out, err := e.rds.DescribeDBSubnetGroups(t.Context(), &rds.DescribeDBSubnetGroupsInput{DBSubnetGroupName: aws.String("app-db")})
	if err != nil {
		t.Fatalf("DescribeDBSubnetGroups: %v", err)
	}
	g := out.DBSubnetGroups[0]
	if len(g.Subnets) != 2 || aws.ToString(g.Subnets[0].SubnetIdentifier) != ids[0] || aws.ToString(g.DBSubnetGroupDescription) != "moved" {
		t.Errorf("after modify: %d subnets, first %s, description %q; want exactly %v, moved", len(g.Subnets), aws.ToString(g.Subnets[0].SubnetIdentifier), aws.ToString(g.DBSubnetGroupDescription), ids)
	}
	_, err = e.rds.ModifyDBSubnetGroup(t.Context(), &rds.ModifyDBSubnetGroupInput{DBSubnetGroupName: aws.String("app-db"), SubnetIds: ids[:1]})
	wantCode(t, err, "DBSubnetGroupDoesNotCoverEnoughAZs")
	_, err = e.rds.ModifyDBSubnetGroup(t.Context(), &rds.ModifyDBSubnetGroupInput{DBSubnetGroupName: aws.String("nope"), SubnetIds: ids})
	wantCode(t, err, "DBSubnetGroupNotFoundFault")
}

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBSubnetGroup.html
// (Errors: DBSubnetGroupNotFoundFault, InvalidDBSubnetGroupStateFault while
// an instance uses it)
func TestDeleteDBSubnetGroup(t *testing.T) {
	e := start(t)
	e.subnetGroup(t, "app-db")
	in := instanceInput("db1")
	in.DBSubnetGroupName = aws.String("app-db")
	e.create(t, in)
	_, err := e.rds.DeleteDBSubnetGroup(t.Context(), &rds.DeleteDBSubnetGroupInput{DBSubnetGroupName: aws.String("app-db")})
	wantCode(t, err, "InvalidDBSubnetGroupStateFault")

	e.subnetGroup(t, "free")
	if _, err := e.rds.DeleteDBSubnetGroup(t.Context(), &rds.DeleteDBSubnetGroupInput{DBSubnetGroupName: aws.String("free")}); err != nil {
		t.Fatalf("DeleteDBSubnetGroup: %v", err)
	}
	_, err = e.rds.DescribeDBSubnetGroups(t.Context(), &rds.DescribeDBSubnetGroupsInput{DBSubnetGroupName: aws.String("free")})
	wantCode(t, err, "DBSubnetGroupNotFoundFault")
	_, err = e.rds.DeleteDBSubnetGroup(t.Context(), &rds.DeleteDBSubnetGroupInput{DBSubnetGroupName: aws.String("free")})
	wantCode(t, err, "DBSubnetGroupNotFoundFault")
}
