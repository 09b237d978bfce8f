package iam_test

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

func tag(k, v string) types.Tag { return types.Tag{Key: aws.String(k), Value: aws.String(v)} }

func roleTags(t *testing.T, c *iam.Client, name string) map[string]string {
	t.Helper()
	out, err := c.ListRoleTags(t.Context(), &iam.ListRoleTagsInput{RoleName: aws.String(name)})
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, tg := range out.Tags {
		m[aws.ToString(tg.Key)] = aws.ToString(tg.Value)
	}
	return m
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagRole.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UntagRole.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoleTags.html
func TestTagUntagListRoleTags(t *testing.T) {
	c := client(t)
	createRole(t, c, "r")
	ctx := t.Context()
	if _, err := c.TagRole(ctx, &iam.TagRoleInput{RoleName: aws.String("r"), Tags: []types.Tag{tag("a", "1"), tag("b", "2")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.TagRole(ctx, &iam.TagRoleInput{RoleName: aws.String("r"), Tags: []types.Tag{tag("a", "3")}}); err != nil {
		t.Fatal(err)
	}
	if got := roleTags(t, c, "r"); fmt.Sprint(got) != "map[a:3 b:2]" {
		t.Errorf("tags = %v, want a replaced", got)
	}
	if _, err := c.UntagRole(ctx, &iam.UntagRoleInput{RoleName: aws.String("r"), TagKeys: []string{"b", "never-set"}}); err != nil {
		t.Fatal(err)
	}
	if got := roleTags(t, c, "r"); fmt.Sprint(got) != "map[a:3]" {
		t.Errorf("tags = %v after untag", got)
	}
	out, _ := c.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String("r")})
	if len(out.Role.Tags) != 1 {
		t.Errorf("GetRole tags = %+v", out.Role.Tags)
	}
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagRole.html (Errors)
func TestTagRoleErrors(t *testing.T) {
	c := client(t)
	createRole(t, c, "r")
	var many []types.Tag
	for i := range 51 {
		many = append(many, tag(fmt.Sprint("k", i), "v"))
	}
	_, err := c.TagRole(t.Context(), &iam.TagRoleInput{RoleName: aws.String("r"), Tags: many})
	wantCode(t, err, "LimitExceeded")
	_, err = c.TagRole(t.Context(), &iam.TagRoleInput{RoleName: aws.String("missing"), Tags: []types.Tag{tag("a", "1")}})
	wantCode(t, err, "NoSuchEntity")
	_, err = c.ListRoleTags(t.Context(), &iam.ListRoleTagsInput{RoleName: aws.String("missing")})
	wantCode(t, err, "NoSuchEntity")
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoleTags.html
func TestListRoleTagsPages(t *testing.T) {
	c := client(t)
	createRole(t, c, "r")
	if _, err := c.TagRole(t.Context(), &iam.TagRoleInput{RoleName: aws.String("r"), Tags: []types.Tag{tag("a", "1"), tag("b", "2"), tag("c", "3")}}); err != nil {
		t.Fatal(err)
	}
	out, err := c.ListRoleTags(t.Context(), &iam.ListRoleTagsInput{RoleName: aws.String("r"), MaxItems: aws.Int32(2)})
	if err != nil {
		t.Fatal(err)
	}
	if !out.IsTruncated || len(out.Tags) != 2 {
		t.Fatalf("page = %+v", out)
	}
	rest, err := c.ListRoleTags(t.Context(), &iam.ListRoleTagsInput{RoleName: aws.String("r"), Marker: out.Marker})
	if err != nil || rest.IsTruncated || len(rest.Tags) != 1 {
		t.Errorf("rest = %+v, %v", rest, err)
	}
}
