package sts_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
// A role that exists gives temporary credentials (ASIA… key, secret,
// session token, expiry DurationSeconds ahead) under which
// GetCallerIdentity answers the assumed-role ARN; a role that does not
// exist is AccessDenied; a session lasts at most the role's
// MaxSessionDuration; a session name is 2 to 64 characters.
func TestAssumeRole(t *testing.T) {
	srv, cfg := fakeawstest.Start(t)
	ctx := t.Context()
	role, err := iam.NewFromConfig(cfg).CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("deployer"), Path: aws.String("/ops/"),
		AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[]}`)})
	if err != nil {
		t.Fatal(err)
	}
	c := sts.NewFromConfig(cfg)
	out, err := c.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: role.Role.Arn, RoleSessionName: aws.String("ci-run"), DurationSeconds: aws.Int32(900)})
	if err != nil {
		t.Fatalf("AssumeRole: %v", err)
	}
	cr := out.Credentials
	if !strings.HasPrefix(*cr.AccessKeyId, "ASIA") || *cr.SecretAccessKey == "" || *cr.SessionToken == "" ||
		!cr.Expiration.Equal(srv.Clock().Now().Add(900e9)) {
		t.Errorf("credentials %+v", cr)
	}
	if got := *out.AssumedRoleUser.Arn; got != "arn:aws:sts::123456789012:assumed-role/deployer/ci-run" {
		t.Errorf("AssumedRoleUser.Arn = %s", got)
	}
	if got := *out.AssumedRoleUser.AssumedRoleId; got != *role.Role.RoleId+":ci-run" {
		t.Errorf("AssumedRoleId = %s, want %s:ci-run", got, *role.Role.RoleId)
	}
	session := cfg.Copy()
	session.Credentials = credentials.NewStaticCredentialsProvider(*cr.AccessKeyId, *cr.SecretAccessKey, *cr.SessionToken)
	who, err := sts.NewFromConfig(session).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || *who.Arn != *out.AssumedRoleUser.Arn {
		t.Errorf("GetCallerIdentity as the session = %v, %v", who, err)
	}

	var ae smithy.APIError
	_, err = c.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: aws.String("arn:aws:iam::123456789012:role/nope"), RoleSessionName: aws.String("ci-run")})
	if !errors.As(err, &ae) || ae.ErrorCode() != "AccessDenied" {
		t.Errorf("AssumeRole of a missing role: %v, want AccessDenied", err)
	}
	_, err = c.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: role.Role.Arn, RoleSessionName: aws.String("ci-run"), DurationSeconds: aws.Int32(7200)})
	if !errors.As(err, &ae) || ae.ErrorCode() != "ValidationError" || !strings.Contains(ae.ErrorMessage(), "MaxSessionDuration") {
		t.Errorf("DurationSeconds over the role's MaxSessionDuration (3600): %v, want ValidationError", err)
	}
	_, err = c.AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: role.Role.Arn, RoleSessionName: aws.String("x")})
	if !errors.As(err, &ae) || ae.ErrorCode() != "ValidationError" {
		t.Errorf("a one-character session name: %v, want ValidationError", err)
	}
}
