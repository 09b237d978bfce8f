package logs_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/smithy-go"

	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

func start(t *testing.T) (*fakeaws.Server, *cloudwatchlogs.Client) {
	t.Helper()
	srv, cfg := fakeawstest.Start(t)
	return srv, cloudwatchlogs.NewFromConfig(cfg)
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v, want %s", err, code)
	}
	if ae.ErrorCode() != code {
		t.Errorf("code = %s (%s), want %s", ae.ErrorCode(), ae.ErrorMessage(), code)
	}
}

func create(t *testing.T, c *cloudwatchlogs.Client, name string, tags map[string]string) {
	t.Helper()
	if _, err := c.CreateLogGroup(t.Context(), &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(name), Tags: tags}); err != nil {
		t.Fatalf("CreateLogGroup %s: %v", name, err)
	}
}

// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html
func TestCreateThenDescribe(t *testing.T) {
	srv, c := start(t)
	create(t, c, "/ecs/everruns-api", nil)
	out, err := c.DescribeLogGroups(t.Context(), &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/ecs/")})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.LogGroups) != 1 {
		t.Fatalf("groups = %+v", out.LogGroups)
	}
	g := out.LogGroups[0]
	if aws.ToString(g.Arn) != "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/everruns-api:*" ||
		aws.ToString(g.LogGroupArn) != "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/everruns-api" {
		t.Errorf("arn %s, logGroupArn %s", aws.ToString(g.Arn), aws.ToString(g.LogGroupArn))
	}
	if g.RetentionInDays != nil {
		t.Errorf("retentionInDays = %d, want absent (never expire)", *g.RetentionInDays)
	}
	if got := aws.ToInt64(g.CreationTime); got != srv.Clock().Now().UnixMilli() {
		t.Errorf("creationTime = %d, want the fake's now in ms", got)
	}
}

// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html (Errors)
func TestCreateErrors(t *testing.T) {
	_, c := start(t)
	create(t, c, "g", nil)
	_, err := c.CreateLogGroup(t.Context(), &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("g")})
	wantCode(t, err, "ResourceAlreadyExistsException")
	_, err = c.CreateLogGroup(t.Context(), &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("bad name!")})
	wantCode(t, err, "InvalidParameterException")
}

// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html
func TestDescribePagesByNameWithLimit(t *testing.T) {
	_, c := start(t)
	for _, n := range []string{"c", "a", "b"} {
		create(t, c, n, nil)
	}
	var names []string
	var token *string
	for pages := 0; ; pages++ {
		out, err := c.DescribeLogGroups(t.Context(), &cloudwatchlogs.DescribeLogGroupsInput{Limit: aws.Int32(2), NextToken: token})
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range out.LogGroups {
			names = append(names, aws.ToString(g.LogGroupName))
		}
		if token = out.NextToken; token == nil {
			break
		}
		if pages > 2 {
			t.Fatal("paging does not end")
		}
	}
	if fmt.Sprint(names) != "[a b c]" {
		t.Errorf("names = %v, want sorted a b c over two pages", names)
	}
	_, err := c.DescribeLogGroups(t.Context(), &cloudwatchlogs.DescribeLogGroupsInput{Limit: aws.Int32(51)})
	wantCode(t, err, "InvalidParameterException")
}

// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DeleteLogGroup.html
func TestDelete(t *testing.T) {
	_, c := start(t)
	create(t, c, "g", nil)
	if _, err := c.DeleteLogGroup(t.Context(), &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String("g")}); err != nil {
		t.Fatal(err)
	}
	_, err := c.DeleteLogGroup(t.Context(), &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String("g")})
	wantCode(t, err, "ResourceNotFoundException")
}

// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DeleteRetentionPolicy.html
func TestRetention(t *testing.T) {
	_, c := start(t)
	create(t, c, "g", nil)
	ctx := t.Context()
	if _, err := c.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String("g"), RetentionInDays: aws.Int32(30)}); err != nil {
		t.Fatal(err)
	}
	if got := retention(t, c, "g"); got != 30 {
		t.Errorf("retention = %d, want 30", got)
	}
	_, err := c.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String("g"), RetentionInDays: aws.Int32(2)})
	wantCode(t, err, "InvalidParameterException")
	_, err = c.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String("none"), RetentionInDays: aws.Int32(7)})
	wantCode(t, err, "ResourceNotFoundException")
	if _, err := c.DeleteRetentionPolicy(ctx, &cloudwatchlogs.DeleteRetentionPolicyInput{LogGroupName: aws.String("g")}); err != nil {
		t.Fatal(err)
	}
	if got := retention(t, c, "g"); got != 0 {
		t.Errorf("retention after delete = %d, want absent", got)
	}
	_, err = c.DeleteRetentionPolicy(ctx, &cloudwatchlogs.DeleteRetentionPolicyInput{LogGroupName: aws.String("none")})
	wantCode(t, err, "ResourceNotFoundException")
}

func retention(t *testing.T, c *cloudwatchlogs.Client, name string) int32 {
	t.Helper()
	out, err := c.DescribeLogGroups(t.Context(), &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(name)})
	if err != nil || len(out.LogGroups) != 1 {
		t.Fatalf("describe %s: %+v %v", name, out, err)
	}
	return aws.ToInt32(out.LogGroups[0].RetentionInDays)
}

// Advancing the fake's clock does not change a group's creationTime.
func TestCreationTimeIsFixed(t *testing.T) {
	srv, c := start(t)
	create(t, c, "g", nil)
	before := srv.Clock().Now().UnixMilli()
	srv.Clock().Advance(time.Hour)
	out, _ := c.DescribeLogGroups(t.Context(), &cloudwatchlogs.DescribeLogGroupsInput{})
	if got := aws.ToInt64(out.LogGroups[0].CreationTime); got != before {
		t.Errorf("creationTime = %d, want %d", got, before)
	}
}
