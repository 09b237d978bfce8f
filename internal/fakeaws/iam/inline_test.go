package iam_test

import (
	"net/url"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

const readSecrets = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}]}`

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html
func TestPutAndGetRolePolicy(t *testing.T) {
	c := client(t)
	createRole(t, c, "r")
	in := &iam.PutRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String("secrets"), PolicyDocument: aws.String(trust)}
	if _, err := c.PutRolePolicy(t.Context(), in); err != nil {
		t.Fatal(err)
	}
	in.PolicyDocument = aws.String(readSecrets) // same name: replaces
	if _, err := c.PutRolePolicy(t.Context(), in); err != nil {
		t.Fatal(err)
	}
	out, err := c.GetRolePolicy(t.Context(), &iam.GetRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String("secrets")})
	if err != nil {
		t.Fatal(err)
	}
	if doc, _ := url.QueryUnescape(aws.ToString(out.PolicyDocument)); doc != readSecrets {
		t.Errorf("document = %s", doc)
	}
	if aws.ToString(out.RoleName) != "r" || aws.ToString(out.PolicyName) != "secrets" {
		t.Errorf("out = %+v", out)
	}
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html (Errors)
func TestPutRolePolicyErrors(t *testing.T) {
	c := client(t)
	createRole(t, c, "r")
	_, err := c.PutRolePolicy(t.Context(), &iam.PutRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String("p"), PolicyDocument: aws.String("{")})
	wantCode(t, err, "MalformedPolicyDocument")
	_, err = c.PutRolePolicy(t.Context(), &iam.PutRolePolicyInput{RoleName: aws.String("missing"), PolicyName: aws.String("p"), PolicyDocument: aws.String(readSecrets)})
	wantCode(t, err, "NoSuchEntity")
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRolePolicy.html
func TestMissingInlinePolicyIsNoSuchEntity(t *testing.T) {
	c := client(t)
	createRole(t, c, "r")
	_, err := c.GetRolePolicy(t.Context(), &iam.GetRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String("none")})
	wantCode(t, err, "NoSuchEntity")
	_, err = c.DeleteRolePolicy(t.Context(), &iam.DeleteRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String("none")})
	wantCode(t, err, "NoSuchEntity")
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRolePolicies.html
func TestListRolePoliciesPages(t *testing.T) {
	c := client(t)
	createRole(t, c, "r")
	for _, n := range []string{"c", "a", "b"} {
		if _, err := c.PutRolePolicy(t.Context(), &iam.PutRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String(n), PolicyDocument: aws.String(readSecrets)}); err != nil {
			t.Fatal(err)
		}
	}
	first, err := c.ListRolePolicies(t.Context(), &iam.ListRolePoliciesInput{RoleName: aws.String("r"), MaxItems: aws.Int32(2)})
	if err != nil {
		t.Fatal(err)
	}
	if !first.IsTruncated || first.Marker == nil || len(first.PolicyNames) != 2 || first.PolicyNames[0] != "a" {
		t.Fatalf("first page = %+v", first)
	}
	second, err := c.ListRolePolicies(t.Context(), &iam.ListRolePoliciesInput{RoleName: aws.String("r"), Marker: first.Marker})
	if err != nil {
		t.Fatal(err)
	}
	if second.IsTruncated || second.Marker != nil || len(second.PolicyNames) != 1 || second.PolicyNames[0] != "c" {
		t.Errorf("second page = %+v", second)
	}
	_, err = c.ListRolePolicies(t.Context(), &iam.ListRolePoliciesInput{RoleName: aws.String("missing")})
	wantCode(t, err, "NoSuchEntity")
}
