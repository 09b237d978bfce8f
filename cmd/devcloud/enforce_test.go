package main

import (
	"bytes"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

// listRolesAsSession starts devcloud with args, gives a role a policy that
// allows nothing, assumes it and calls iam:ListRoles with the session.
func listRolesAsSession(t *testing.T, args ...string) error {
	t.Helper()
	o, err := parseFlags(append([]string{"-addr", "127.0.0.1:0", "-quiet"}, args...), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	d, err := start(o, &bytes.Buffer{}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.shutdown(t.Context()) })
	root := fakeawstest.Config("http://" + d.addr)
	ctx := t.Context()
	role, err := iam.NewFromConfig(root).CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("r"),
		AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}`)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := iam.NewFromConfig(root).PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("r"), PolicyName: aws.String("p"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:DescribeVpcs","Resource":"*"}]}`)}); err != nil {
		t.Fatal(err)
	}
	out, err := sts.NewFromConfig(root).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: role.Role.Arn, RoleSessionName: aws.String("devcloud-test")})
	if err != nil {
		t.Fatal(err)
	}
	cfg := root.Copy()
	cfg.Credentials = credentials.NewStaticCredentialsProvider(*out.Credentials.AccessKeyId, *out.Credentials.SecretAccessKey, *out.Credentials.SessionToken)
	_, err = iam.NewFromConfig(cfg).ListRoles(ctx, &iam.ListRolesInput{})
	return err
}

// -enforce-iam judges a role session by its role's policies; without it,
// devcloud allows every call as before.
func TestEnforceIAMFlag(t *testing.T) {
	var ae smithy.APIError
	if err := listRolesAsSession(t, "-enforce-iam"); !errors.As(err, &ae) || ae.ErrorCode() != "AccessDenied" {
		t.Errorf("with -enforce-iam: %v, want AccessDenied", err)
	}
	if err := listRolesAsSession(t); err != nil {
		t.Errorf("without -enforce-iam: %v", err)
	}
}
