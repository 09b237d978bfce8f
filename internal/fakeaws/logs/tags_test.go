package logs_test

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
)

const groupARN = "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/api"

// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html (tags)
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TagResource.html
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_UntagResource.html
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_ListTagsForResource.html
func TestTagsByARN(t *testing.T) {
	_, c := start(t)
	create(t, c, "/ecs/api", map[string]string{"Project": "everruns"})
	ctx := t.Context()
	if _, err := c.TagResource(ctx, &cloudwatchlogs.TagResourceInput{ResourceArn: aws.String(groupARN), Tags: map[string]string{"a": "1", "Project": "x"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UntagResource(ctx, &cloudwatchlogs.UntagResourceInput{ResourceArn: aws.String(groupARN), TagKeys: []string{"a"}}); err != nil {
		t.Fatal(err)
	}
	out, err := c.ListTagsForResource(ctx, &cloudwatchlogs.ListTagsForResourceInput{ResourceArn: aws.String(groupARN)})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(out.Tags) != "map[Project:x]" {
		t.Errorf("tags = %v", out.Tags)
	}
	_, err = c.ListTagsForResource(ctx, &cloudwatchlogs.ListTagsForResourceInput{ResourceArn: aws.String(groupARN + "-gone")})
	wantCode(t, err, "ResourceNotFoundException")
}

// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TagResource.html (Errors)
func TestTooManyTags(t *testing.T) {
	_, c := start(t)
	create(t, c, "/ecs/api", nil)
	tags := map[string]string{}
	for i := range 51 {
		tags[fmt.Sprint("k", i)] = "v"
	}
	_, err := c.TagResource(t.Context(), &cloudwatchlogs.TagResourceInput{ResourceArn: aws.String(groupARN), Tags: tags})
	wantCode(t, err, "TooManyTagsException")
}

// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TagLogGroup.html
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_ListTagsLogGroup.html
func TestTagsByName(t *testing.T) {
	_, c := start(t)
	create(t, c, "/ecs/api", nil)
	ctx := t.Context()
	//lint:ignore SA1019 the deprecated operations are still served by AWS and by the fake
	if _, err := c.TagLogGroup(ctx, &cloudwatchlogs.TagLogGroupInput{LogGroupName: aws.String("/ecs/api"), Tags: map[string]string{"a": "1"}}); err != nil {
		t.Fatal(err)
	}
	//lint:ignore SA1019 see above
	out, err := c.ListTagsLogGroup(ctx, &cloudwatchlogs.ListTagsLogGroupInput{LogGroupName: aws.String("/ecs/api")})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(out.Tags) != "map[a:1]" {
		t.Errorf("tags = %v", out.Tags)
	}
	//lint:ignore SA1019 see above
	_, err = c.ListTagsLogGroup(ctx, &cloudwatchlogs.ListTagsLogGroupInput{LogGroupName: aws.String("none")})
	wantCode(t, err, "ResourceNotFoundException")
}
