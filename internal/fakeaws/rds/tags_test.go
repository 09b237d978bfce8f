package rds_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/rds/types"
	"github.com/google/go-cmp/cmp"
)

func tagMap(tags []types.Tag) map[string]string {
	m := map[string]string{}
	for _, t := range tags {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return m
}

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_AddTagsToResource.html
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_RemoveTagsFromResource.html
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ListTagsForResource.html
// Tags given at create are kept; added and removed tags show in both
// ListTagsForResource and the instance's TagList.
func TestTagsOnDBInstance(t *testing.T) {
	e := start(t)
	in := instanceInput("db1")
	in.Tags = []types.Tag{{Key: aws.String("a"), Value: aws.String("1")}, {Key: aws.String("b"), Value: aws.String("2")}}
	arn := aws.ToString(e.create(t, in).DBInstanceArn)
	if _, err := e.rds.AddTagsToResource(t.Context(), &rds.AddTagsToResourceInput{ResourceName: aws.String(arn),
		Tags: []types.Tag{{Key: aws.String("b"), Value: aws.String("20")}, {Key: aws.String("c"), Value: aws.String("3")}}}); err != nil {
		t.Fatalf("AddTagsToResource: %v", err)
	}
	if _, err := e.rds.RemoveTagsFromResource(t.Context(), &rds.RemoveTagsFromResourceInput{ResourceName: aws.String(arn), TagKeys: []string{"a"}}); err != nil {
		t.Fatalf("RemoveTagsFromResource: %v", err)
	}
	want := map[string]string{"b": "20", "c": "3"}
	out, err := e.rds.ListTagsForResource(t.Context(), &rds.ListTagsForResourceInput{ResourceName: aws.String(arn)})
	if err != nil {
		t.Fatalf("ListTagsForResource: %v", err)
	}
	if diff := cmp.Diff(want, tagMap(out.TagList)); diff != "" {
		t.Errorf("ListTagsForResource (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, tagMap(e.describe(t, "db1").TagList)); diff != "" {
		t.Errorf("TagList (-want +got):\n%s", diff)
	}
	_, err = e.rds.ListTagsForResource(t.Context(), &rds.ListTagsForResourceInput{ResourceName: aws.String("arn:aws:rds:us-east-1:123456789012:db:nope")})
	wantCode(t, err, "DBInstanceNotFound")
}

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ListTagsForResource.html
// Subnet groups are tagged by their ARN too.
func TestTagsOnDBSubnetGroup(t *testing.T) {
	e := start(t)
	_, ids := e.subnets(t, "us-east-1a", "us-east-1b")
	out, err := e.rds.CreateDBSubnetGroup(t.Context(), &rds.CreateDBSubnetGroupInput{
		DBSubnetGroupName: aws.String("g"), DBSubnetGroupDescription: aws.String("d"), SubnetIds: ids,
		Tags: []types.Tag{{Key: aws.String("owner"), Value: aws.String("everruns")}},
	})
	if err != nil {
		t.Fatalf("CreateDBSubnetGroup: %v", err)
	}
	tags, err := e.rds.ListTagsForResource(t.Context(), &rds.ListTagsForResourceInput{ResourceName: out.DBSubnetGroup.DBSubnetGroupArn})
	if err != nil {
		t.Fatalf("ListTagsForResource: %v", err)
	}
	if diff := cmp.Diff(map[string]string{"owner": "everruns"}, tagMap(tags.TagList)); diff != "" {
		t.Errorf("tags (-want +got):\n%s", diff)
	}
}
