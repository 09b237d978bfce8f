package iam_test

import (
	"net/url"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

const inlineDoc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
// One answer holds each role's trust policy, inline policies, attached
// policies and tags, documents URL-encoded.
func TestAccountAuthorizationDetailsHoldEverythingOfARole(t *testing.T) {
	c := client(t)
	ctx := t.Context()
	createRole(t, c, "api-task")
	createRole(t, c, "worker-task")
	if _, err := c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("api-task"), PolicyName: aws.String("read"), PolicyDocument: aws.String(inlineDoc)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String("api-task"), PolicyArn: aws.String(execPolicy)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.TagRole(ctx, &iam.TagRoleInput{RoleName: aws.String("api-task"), Tags: []types.Tag{{Key: aws.String("project"), Value: aws.String("p")}}}); err != nil {
		t.Fatal(err)
	}
	out, err := c.GetAccountAuthorizationDetails(ctx, &iam.GetAccountAuthorizationDetailsInput{Filter: []types.EntityType{types.EntityTypeRole}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.RoleDetailList) != 2 || out.IsTruncated {
		t.Fatalf("roles %d, truncated %v; want both roles in one page", len(out.RoleDetailList), out.IsTruncated)
	}
	d := out.RoleDetailList[0]
	if aws.ToString(d.RoleName) != "api-task" {
		t.Fatalf("first role %s, want api-task (sorted by name)", aws.ToString(d.RoleName))
	}
	if doc, _ := url.QueryUnescape(aws.ToString(d.AssumeRolePolicyDocument)); doc != trust || aws.ToString(d.AssumeRolePolicyDocument) == trust {
		t.Errorf("trust policy %q, want the document URL-encoded", aws.ToString(d.AssumeRolePolicyDocument))
	}
	if len(d.RolePolicyList) != 1 || aws.ToString(d.RolePolicyList[0].PolicyName) != "read" {
		t.Fatalf("inline policies %+v, want read", d.RolePolicyList)
	}
	if doc, _ := url.QueryUnescape(aws.ToString(d.RolePolicyList[0].PolicyDocument)); doc != inlineDoc {
		t.Errorf("inline document decodes to %q, want %q", doc, inlineDoc)
	}
	if len(d.AttachedManagedPolicies) != 1 || aws.ToString(d.AttachedManagedPolicies[0].PolicyArn) != execPolicy {
		t.Errorf("attached %+v, want %s", d.AttachedManagedPolicies, execPolicy)
	}
	if len(d.Tags) != 1 || aws.ToString(d.Tags[0].Key) != "project" || aws.ToString(d.Tags[0].Value) != "p" {
		t.Errorf("tags %+v, want project=p", d.Tags)
	}

	users, err := c.GetAccountAuthorizationDetails(ctx, &iam.GetAccountAuthorizationDetailsInput{Filter: []types.EntityType{types.EntityTypeUser}})
	if err != nil || len(users.RoleDetailList) != 0 {
		t.Errorf("filter User: %d roles, %v; want none", len(users.RoleDetailList), err)
	}
	p := iam.NewGetAccountAuthorizationDetailsPaginator(c, &iam.GetAccountAuthorizationDetailsInput{
		Filter: []types.EntityType{types.EntityTypeRole}, MaxItems: aws.Int32(1)})
	pages := 0
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatal(err)
		}
		pages += len(page.RoleDetailList)
	}
	if pages != 2 {
		t.Errorf("MaxItems 1: %d roles over the pages, want 2", pages)
	}
	_, err = c.GetAccountAuthorizationDetails(ctx, &iam.GetAccountAuthorizationDetailsInput{Filter: []types.EntityType{"Robot"}})
	wantCode(t, err, "ValidationError")
}
