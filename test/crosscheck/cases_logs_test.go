//go:build kumo

package crosscheck

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
)

const logsRef = "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/"

func createGroup(ctx context.Context, c *cloudwatchlogs.Client, name string, tags map[string]string) error {
	_, err := c.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(name), Tags: tags})
	return err
}

// retention reads the group's retention through DescribeLogGroups.
func retention(ctx context.Context, c *cloudwatchlogs.Client, name string) string {
	out, err := c.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(name)})
	if err != nil {
		return errorOutcome(err)
	}
	for _, g := range out.LogGroups {
		if aws.ToString(g.LogGroupName) == name {
			if g.RetentionInDays == nil {
				return "ok:retention=never expires"
			}
			return "ok:retention=" + strconv.Itoa(int(*g.RetentionInDays))
		}
	}
	return "ok:group not listed"
}

func logsCases() []testCase {
	return []testCase{
		{
			name: "logs: CreateLogGroup twice", ref: logsRef + "API_CreateLogGroup.html",
			want: "error:ResourceAlreadyExistsException",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := cloudwatchlogs.NewFromConfig(cfg)
				if err := createGroup(ctx, c, "/"+p+"/app", nil); err != nil {
					return "first " + errorOutcome(err)
				}
				return outcome(createGroup(ctx, c, "/"+p+"/app", nil))
			},
		},
		{
			name: "logs: DeleteLogGroup of a missing group", ref: logsRef + "API_DeleteLogGroup.html",
			want: "error:ResourceNotFoundException",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				_, err := cloudwatchlogs.NewFromConfig(cfg).DeleteLogGroup(ctx, &cloudwatchlogs.DeleteLogGroupInput{LogGroupName: aws.String("/" + p + "/missing")})
				return outcome(err)
			},
		},
		{
			name: "logs: PutRetentionPolicy of 2 days (not an allowed value)", ref: logsRef + "API_PutRetentionPolicy.html",
			want: "error:InvalidParameterException",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := cloudwatchlogs.NewFromConfig(cfg)
				if err := createGroup(ctx, c, "/"+p+"/app", nil); err != nil {
					return "setup " + errorOutcome(err)
				}
				_, err := c.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String("/" + p + "/app"), RetentionInDays: aws.Int32(2)})
				return outcome(err)
			},
		},
		{
			name: "logs: PutRetentionPolicy on a missing group", ref: logsRef + "API_PutRetentionPolicy.html",
			want: "error:ResourceNotFoundException",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				_, err := cloudwatchlogs.NewFromConfig(cfg).PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String("/" + p + "/missing"), RetentionInDays: aws.Int32(7)})
				return outcome(err)
			},
		},
		{
			name: "logs: retention shows in DescribeLogGroups after PutRetentionPolicy", ref: logsRef + "API_LogGroup.html",
			want: "ok:retention=14",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := cloudwatchlogs.NewFromConfig(cfg)
				if err := createGroup(ctx, c, "/"+p+"/app", nil); err != nil {
					return "setup " + errorOutcome(err)
				}
				if _, err := c.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String("/" + p + "/app"), RetentionInDays: aws.Int32(14)}); err != nil {
					return errorOutcome(err)
				}
				return retention(ctx, c, "/"+p+"/app")
			},
		},
		{
			name: "logs: DeleteRetentionPolicy makes the events never expire", ref: logsRef + "API_DeleteRetentionPolicy.html",
			want: "ok:retention=never expires",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := cloudwatchlogs.NewFromConfig(cfg)
				if err := createGroup(ctx, c, "/"+p+"/app", nil); err != nil {
					return "setup " + errorOutcome(err)
				}
				if _, err := c.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{LogGroupName: aws.String("/" + p + "/app"), RetentionInDays: aws.Int32(30)}); err != nil {
					return "setup " + errorOutcome(err)
				}
				if _, err := c.DeleteRetentionPolicy(ctx, &cloudwatchlogs.DeleteRetentionPolicyInput{LogGroupName: aws.String("/" + p + "/app")}); err != nil {
					return errorOutcome(err)
				}
				return retention(ctx, c, "/"+p+"/app")
			},
		},
		{
			name: "logs: DescribeLogGroups with a prefix returns only the matches, ASCII-sorted", ref: logsRef + "API_DescribeLogGroups.html",
			want: "ok:a/1,a/2",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := cloudwatchlogs.NewFromConfig(cfg)
				for _, g := range []string{"a/2", "b/1", "a/1"} {
					if err := createGroup(ctx, c, "/"+p+"/"+g, nil); err != nil {
						return "setup " + errorOutcome(err)
					}
				}
				out, err := c.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/" + p + "/a")})
				if err != nil {
					return errorOutcome(err)
				}
				var names []string
				for _, g := range out.LogGroups {
					names = append(names, strings.TrimPrefix(aws.ToString(g.LogGroupName), "/"+p+"/"))
				}
				return "ok:" + strings.Join(names, ",")
			},
		},
		{
			name: "logs: tags given to CreateLogGroup come back in ListTagsForResource", ref: logsRef + "API_ListTagsForResource.html",
			want: "ok:Project=everruns",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := cloudwatchlogs.NewFromConfig(cfg)
				if err := createGroup(ctx, c, "/"+p+"/app", map[string]string{"Project": "everruns"}); err != nil {
					return "setup " + errorOutcome(err)
				}
				// The tagging API takes the ARN without the trailing ":*"
				// (LogGroup.logGroupArn, not LogGroup.arn).
				d, err := c.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String("/" + p + "/app")})
				if err != nil || len(d.LogGroups) != 1 {
					return "describe " + outcome(err)
				}
				arn := aws.ToString(d.LogGroups[0].LogGroupArn)
				if arn == "" {
					arn = strings.TrimSuffix(aws.ToString(d.LogGroups[0].Arn), ":*")
				}
				out, err := c.ListTagsForResource(ctx, &cloudwatchlogs.ListTagsForResourceInput{ResourceArn: aws.String(arn)})
				if err != nil {
					return errorOutcome(err)
				}
				return "ok:" + joinTags(out.Tags)
			},
		},
	}
}

func joinTags(tags map[string]string) string {
	var kv []string
	for k, v := range tags {
		kv = append(kv, k+"="+v)
	}
	sort.Strings(kv)
	return strings.Join(kv, ",")
}
