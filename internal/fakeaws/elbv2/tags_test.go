package elbv2_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
)

func tagMap(t *testing.T, c *elb.Client, arn string) map[string]string {
	t.Helper()
	out, err := c.DescribeTags(t.Context(), &elb.DescribeTagsInput{ResourceArns: []string{arn}})
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, tag := range out.TagDescriptions[0].Tags {
		m[*tag.Key] = aws.ToString(tag.Value)
	}
	return m
}

// Tags given at create are kept; AddTags overwrites, RemoveTags removes.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_AddTags.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_RemoveTags.html
func TestTagsKeptAddedRemoved(t *testing.T) {
	_, c, _ := start(t)
	in := tgInput("app")
	in.Tags = []types.Tag{{Key: aws.String("env"), Value: aws.String("dev")}, {Key: aws.String("team"), Value: aws.String("web")}}
	out, err := c.CreateTargetGroup(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	arn := *out.TargetGroups[0].TargetGroupArn
	if m := tagMap(t, c, arn); m["env"] != "dev" || m["team"] != "web" {
		t.Errorf("tags at create = %v", m)
	}
	if _, err := c.AddTags(t.Context(), &elb.AddTagsInput{ResourceArns: []string{arn}, Tags: []types.Tag{{Key: aws.String("env"), Value: aws.String("prod")}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.RemoveTags(t.Context(), &elb.RemoveTagsInput{ResourceArns: []string{arn}, TagKeys: []string{"team"}}); err != nil {
		t.Fatal(err)
	}
	if m := tagMap(t, c, arn); len(m) != 1 || m["env"] != "prod" {
		t.Errorf("tags after add/remove = %v", m)
	}
	_, err = c.AddTags(t.Context(), &elb.AddTagsInput{ResourceArns: []string{arn + "0"}, Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("v")}}})
	wantCode(t, err, "TargetGroupNotFound")
}

// DescribeTags takes up to 20 ARNs.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_DescribeTags.html
func TestDescribeTagsAtMost20(t *testing.T) {
	_, c, _ := start(t)
	lb := mustLB(t, c, "web")
	arns := make([]string, 21)
	for i := range arns {
		arns[i] = *lb.LoadBalancerArn
	}
	_, err := c.DescribeTags(t.Context(), &elb.DescribeTagsInput{ResourceArns: arns})
	wantCode(t, err, "ValidationError")
	if _, err := c.DescribeTags(t.Context(), &elb.DescribeTagsInput{ResourceArns: arns[:20]}); err != nil {
		t.Errorf("20 ARNs: %v", err)
	}
}

// A tag key given twice in one request is DuplicateTagKeys.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_AddTags.html
func TestDuplicateTagKeys(t *testing.T) {
	_, c, _ := start(t)
	lb := mustLB(t, c, "web")
	_, err := c.AddTags(t.Context(), &elb.AddTagsInput{ResourceArns: []string{*lb.LoadBalancerArn},
		Tags: []types.Tag{{Key: aws.String("k"), Value: aws.String("1")}, {Key: aws.String("k"), Value: aws.String("2")}}})
	wantCode(t, err, "DuplicateTagKeys")
}
