package iam_test

import (
	"errors"
	"net/url"
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"

	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

const trust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}`

const execPolicy = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"

func client(t *testing.T) *iam.Client {
	t.Helper()
	_, cfg := fakeawstest.Start(t)
	return iam.NewFromConfig(cfg)
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

func createRole(t *testing.T, c *iam.Client, name string) *types.Role {
	t.Helper()
	out, err := c.CreateRole(t.Context(), &iam.CreateRoleInput{RoleName: aws.String(name), AssumeRolePolicyDocument: aws.String(trust)})
	if err != nil {
		t.Fatalf("CreateRole %s: %v", name, err)
	}
	return out.Role
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
func TestCreateRoleShapesIDAndARNWithPath(t *testing.T) {
	c := client(t)
	out, err := c.CreateRole(t.Context(), &iam.CreateRoleInput{
		RoleName: aws.String("api-task"), Path: aws.String("/everruns/"),
		AssumeRolePolicyDocument: aws.String(trust),
		Tags:                     []types.Tag{{Key: aws.String("Project"), Value: aws.String("everruns")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	r := out.Role
	if got := aws.ToString(r.Arn); got != "arn:aws:iam::123456789012:role/everruns/api-task" {
		t.Errorf("Arn = %s", got)
	}
	if !regexp.MustCompile(`^AROA[A-Z0-9]{17}$`).MatchString(aws.ToString(r.RoleId)) {
		t.Errorf("RoleId = %s, want AROA and 17 upper-case alphanumerics", aws.ToString(r.RoleId))
	}
	if aws.ToString(r.Path) != "/everruns/" || aws.ToInt32(r.MaxSessionDuration) != 3600 || r.CreateDate == nil {
		t.Errorf("role = %+v", r)
	}
	if len(r.Tags) != 1 || aws.ToString(r.Tags[0].Key) != "Project" {
		t.Errorf("Tags = %+v", r.Tags)
	}
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
func TestCreateRoleDefaultPath(t *testing.T) {
	r := createRole(t, client(t), "plain")
	if aws.ToString(r.Path) != "/" || aws.ToString(r.Arn) != "arn:aws:iam::123456789012:role/plain" {
		t.Errorf("Path %s Arn %s", aws.ToString(r.Path), aws.ToString(r.Arn))
	}
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_Role.html
// AssumeRolePolicyDocument comes back URL-encoded (RFC 3986).
func TestAssumeRolePolicyIsURLEncoded(t *testing.T) {
	c := client(t)
	createRole(t, c, "api-task")
	out, err := c.GetRole(t.Context(), &iam.GetRoleInput{RoleName: aws.String("api-task")})
	if err != nil {
		t.Fatal(err)
	}
	raw := aws.ToString(out.Role.AssumeRolePolicyDocument)
	if raw == trust {
		t.Fatal("document returned verbatim, want URL-encoded")
	}
	if doc, err := url.QueryUnescape(raw); err != nil || doc != trust {
		t.Errorf("decoded = %q, %v; want the document as sent", doc, err)
	}
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (Errors)
func TestCreateRoleErrors(t *testing.T) {
	c := client(t)
	createRole(t, c, "api-task")
	for name, tc := range map[string]struct {
		in   iam.CreateRoleInput
		code string
	}{
		"same name":            {iam.CreateRoleInput{RoleName: aws.String("api-task"), AssumeRolePolicyDocument: aws.String(trust)}, "EntityAlreadyExists"},
		"name differs in case": {iam.CreateRoleInput{RoleName: aws.String("API-TASK"), AssumeRolePolicyDocument: aws.String(trust)}, "EntityAlreadyExists"},
		"invalid JSON":         {iam.CreateRoleInput{RoleName: aws.String("x"), AssumeRolePolicyDocument: aws.String(`{"Version":`)}, "MalformedPolicyDocument"},
		"no Statement":         {iam.CreateRoleInput{RoleName: aws.String("x"), AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17"}`)}, "MalformedPolicyDocument"},
		"path without slashes": {iam.CreateRoleInput{RoleName: aws.String("x"), Path: aws.String("everruns"), AssumeRolePolicyDocument: aws.String(trust)}, "ValidationError"},
		"bad name":             {iam.CreateRoleInput{RoleName: aws.String("has space"), AssumeRolePolicyDocument: aws.String(trust)}, "ValidationError"},
		"session below 1h":     {iam.CreateRoleInput{RoleName: aws.String("x"), MaxSessionDuration: aws.Int32(60), AssumeRolePolicyDocument: aws.String(trust)}, "ValidationError"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := c.CreateRole(t.Context(), &tc.in)
			wantCode(t, err, tc.code)
		})
	}
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html
func TestGetRoleNoSuchEntity(t *testing.T) {
	_, err := client(t).GetRole(t.Context(), &iam.GetRoleInput{RoleName: aws.String("missing")})
	wantCode(t, err, "NoSuchEntity")
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html
func TestUpdateAssumeRolePolicy(t *testing.T) {
	c := client(t)
	createRole(t, c, "r")
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	if _, err := c.UpdateAssumeRolePolicy(t.Context(), &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String("r"), PolicyDocument: aws.String(doc)}); err != nil {
		t.Fatal(err)
	}
	out, _ := c.GetRole(t.Context(), &iam.GetRoleInput{RoleName: aws.String("r")})
	if got, _ := url.QueryUnescape(aws.ToString(out.Role.AssumeRolePolicyDocument)); got != doc {
		t.Errorf("document = %s", got)
	}
	_, err := c.UpdateAssumeRolePolicy(t.Context(), &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String("r"), PolicyDocument: aws.String("nope")})
	wantCode(t, err, "MalformedPolicyDocument")
	_, err = c.UpdateAssumeRolePolicy(t.Context(), &iam.UpdateAssumeRolePolicyInput{RoleName: aws.String("missing"), PolicyDocument: aws.String(doc)})
	wantCode(t, err, "NoSuchEntity")
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html
func TestDeleteRoleConflictsWhilePoliciesRemain(t *testing.T) {
	c := client(t)
	createRole(t, c, "r")
	ctx, name := t.Context(), aws.String("r")
	if _, err := c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: name, PolicyName: aws.String("p"), PolicyDocument: aws.String(trust)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: name, PolicyArn: aws.String(execPolicy)}); err != nil {
		t.Fatal(err)
	}
	_, err := c.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: name})
	wantCode(t, err, "DeleteConflict")
	if _, err := c.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: name, PolicyName: aws.String("p")}); err != nil {
		t.Fatal(err)
	}
	_, err = c.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: name})
	wantCode(t, err, "DeleteConflict")
	if _, err := c.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: name, PolicyArn: aws.String(execPolicy)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: name}); err != nil {
		t.Fatalf("DeleteRole without policies: %v", err)
	}
	_, err = c.GetRole(ctx, &iam.GetRoleInput{RoleName: name})
	wantCode(t, err, "NoSuchEntity")
	_, err = c.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: name})
	wantCode(t, err, "NoSuchEntity")
}

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html
func TestListRolesByPathPrefix(t *testing.T) {
	c := client(t)
	createRole(t, c, "a")
	if _, err := c.CreateRole(t.Context(), &iam.CreateRoleInput{RoleName: aws.String("b"), Path: aws.String("/everruns/"), AssumeRolePolicyDocument: aws.String(trust)}); err != nil {
		t.Fatal(err)
	}
	out, err := c.ListRoles(t.Context(), &iam.ListRolesInput{PathPrefix: aws.String("/everruns/")})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Roles) != 1 || aws.ToString(out.Roles[0].RoleName) != "b" || out.IsTruncated {
		t.Errorf("roles = %+v", out.Roles)
	}
}
