package ecs_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"
)

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TagResource.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UntagResource.html
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTagsForResource.html
func TestTagsOnClusterServiceAndTaskDefinition(t *testing.T) {
	h := start(t)
	h.cluster(t, "prod")
	td := h.bridgeTaskDef(t, "web", "web:1")
	svc := h.service(t, "prod", "web", td, 0)
	for _, arn := range []string{"arn:aws:ecs:us-east-1:123456789012:cluster/prod", aws.ToString(svc.ServiceArn), td} {
		if _, err := h.ecs.TagResource(t.Context(), &ecs.TagResourceInput{ResourceArn: aws.String(arn), Tags: []types.Tag{
			{Key: aws.String("a"), Value: aws.String("1")}, {Key: aws.String("b"), Value: aws.String("2")}}}); err != nil {
			t.Fatalf("TagResource %s: %v", arn, err)
		}
		if _, err := h.ecs.TagResource(t.Context(), &ecs.TagResourceInput{ResourceArn: aws.String(arn),
			Tags: []types.Tag{{Key: aws.String("a"), Value: aws.String("3")}}}); err != nil {
			t.Fatal(err)
		}
		if _, err := h.ecs.UntagResource(t.Context(), &ecs.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: []string{"b"}}); err != nil {
			t.Fatalf("UntagResource %s: %v", arn, err)
		}
		out, err := h.ecs.ListTagsForResource(t.Context(), &ecs.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
		if err != nil || len(out.Tags) != 1 || aws.ToString(out.Tags[0].Key) != "a" || aws.ToString(out.Tags[0].Value) != "3" {
			t.Errorf("%s tags = %+v, %v", arn, out, err)
		}
	}
	if tags := h.describe(t, "prod", "web").Tags; len(tags) != 1 {
		t.Errorf("DescribeServices include TAGS = %+v", tags)
	}
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TagResource.html
// (errors: an unknown resource; reserved aws: prefix)
func TestTagResourceErrors(t *testing.T) {
	h := start(t)
	h.cluster(t, "prod")
	_, err := h.ecs.TagResource(t.Context(), &ecs.TagResourceInput{ResourceArn: aws.String("arn:aws:ecs:us-east-1:123456789012:cluster/nope"),
		Tags: []types.Tag{{Key: aws.String("a"), Value: aws.String("1")}}})
	wantCode(t, err, "ResourceNotFoundException")
	_, err = h.ecs.TagResource(t.Context(), &ecs.TagResourceInput{ResourceArn: aws.String("arn:aws:ecs:us-east-1:123456789012:cluster/prod"),
		Tags: []types.Tag{{Key: aws.String("aws:x"), Value: aws.String("1")}}})
	wantCode(t, err, "InvalidParameterException")
}
