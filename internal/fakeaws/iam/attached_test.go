package iam_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
)

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedRolePolicies.html
func TestAttachAndListManagedPolicies(t *testing.T) {
	c := client(t)
	createRole(t, c, "r")
	for _, arn := range []string{execPolicy, "arn:aws:iam::aws:policy/ReadOnlyAccess", execPolicy} {
		if _, err := c.AttachRolePolicy(t.Context(), &iam.AttachRolePolicyInput{RoleName: aws.String("r"), PolicyArn: aws.String(arn)}); err != nil {
			t.Fatalf("attach %s: %v", arn, err)
		}
	}
	out, err := c.ListAttachedRolePolicies(t.Context(), &iam.ListAttachedRolePoliciesInput{RoleName: aws.String("r")})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.AttachedPolicies) != 2 {
		t.Fatalf("attached = %+v, want 2 (attaching twice changes nothing)", out.AttachedPolicies)
	}
	if p := out.AttachedPolicies[0]; aws.ToString(p.PolicyName) != "AmazonECSTaskExecutionRolePolicy" || aws.ToString(p.PolicyArn) != execPolicy {
		t.Errorf("first = %s %s", aws.ToString(p.PolicyName), aws.ToString(p.PolicyArn))
	}
	byPath, err := c.ListAttachedRolePolicies(t.Context(), &iam.ListAttachedRolePoliciesInput{RoleName: aws.String("r"), PathPrefix: aws.String("/service-role/")})
	if err != nil {
		t.Fatal(err)
	}
	if len(byPath.AttachedPolicies) != 1 {
		t.Errorf("PathPrefix /service-role/ = %+v, want the execution policy only", byPath.AttachedPolicies)
	}
	paged, err := c.ListAttachedRolePolicies(t.Context(), &iam.ListAttachedRolePoliciesInput{RoleName: aws.String("r"), MaxItems: aws.Int32(1)})
	if err != nil {
		t.Fatal(err)
	}
	if !paged.IsTruncated || len(paged.AttachedPolicies) != 1 {
		t.Errorf("MaxItems 1 = %+v, want one and IsTruncated", paged)
	}
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html (Errors)
func TestAttachRolePolicyErrors(t *testing.T) {
	c := client(t)
	createRole(t, c, "r")
	_, err := c.AttachRolePolicy(t.Context(), &iam.AttachRolePolicyInput{RoleName: aws.String("r"), PolicyArn: aws.String("arn:aws:iam::aws:policy/NoSuchPolicy")})
	wantCode(t, err, "NoSuchEntity")
	_, err = c.AttachRolePolicy(t.Context(), &iam.AttachRolePolicyInput{RoleName: aws.String("r"), PolicyArn: aws.String("not-an-arn")})
	wantCode(t, err, "InvalidInput")
	_, err = c.AttachRolePolicy(t.Context(), &iam.AttachRolePolicyInput{RoleName: aws.String("missing"), PolicyArn: aws.String(execPolicy)})
	wantCode(t, err, "NoSuchEntity")
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DetachRolePolicy.html
func TestDetachNotAttachedIsNoSuchEntity(t *testing.T) {
	c := client(t)
	createRole(t, c, "r")
	_, err := c.DetachRolePolicy(t.Context(), &iam.DetachRolePolicyInput{RoleName: aws.String("r"), PolicyArn: aws.String(execPolicy)})
	wantCode(t, err, "NoSuchEntity")
}
