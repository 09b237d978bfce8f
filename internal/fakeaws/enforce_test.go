package fakeaws_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/everruns/reconciler/internal/fakeaws"
)

// assumeRoleWith creates a role whose only policy is doc, assumes it, and
// returns a configuration signed with the session's credentials.
func assumeRoleWith(t *testing.T, root aws.Config, doc string) (aws.Config, string) {
	t.Helper()
	ctx := t.Context()
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}`
	role, err := iam.NewFromConfig(root).CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("deployer"), Path: aws.String("/ops/"), AssumeRolePolicyDocument: aws.String(trust)})
	if err != nil {
		t.Fatalf("CreateRole: %v", err)
	}
	if _, err := iam.NewFromConfig(root).PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String("deployer"), PolicyName: aws.String("p"), PolicyDocument: aws.String(doc)}); err != nil {
		t.Fatalf("PutRolePolicy: %v", err)
	}
	out, err := sts.NewFromConfig(root).AssumeRole(ctx, &sts.AssumeRoleInput{RoleArn: role.Role.Arn, RoleSessionName: aws.String("test")})
	if err != nil {
		t.Fatalf("AssumeRole: %v", err)
	}
	cfg := root.Copy()
	c := out.Credentials
	cfg.Credentials = credentials.NewStaticCredentialsProvider(*c.AccessKeyId, *c.SecretAccessKey, *c.SessionToken)
	return cfg, *out.AssumedRoleUser.Arn
}

func wantAPIError(t *testing.T, err error, code string, status int) {
	t.Helper()
	var ae smithy.APIError
	if !errors.As(err, &ae) || ae.ErrorCode() != code {
		t.Fatalf("err = %v, want %s", err, code)
	}
	var re interface{ HTTPStatusCode() int }
	if errors.As(err, &re) && re.HTTPStatusCode() != status {
		t.Errorf("%s answered with HTTP %d, want %d", code, re.HTTPStatusCode(), status)
	}
}

// Under -enforce-iam a role session's calls are judged by the role's
// policy, each service answering a denial in its own shape, and every
// denial is listed at /_devcloud/iam/denials; the root is not judged.
func TestEnforceIAMJudgesRoleSessions(t *testing.T) {
	_, root, hooks := startHooks(t, fakeaws.WithEnforceIAM())
	ctx := t.Context()
	policy := `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":["ec2:Describe*"],"Resource":"*"},
		{"Effect":"Allow","Action":["ec2:CreateVpc","ec2:CreateTags"],"Resource":"arn:aws:ec2:*:*:vpc/*","Condition":{"StringEquals":{"aws:RequestTag/env":"prod"}}},
		{"Effect":"Allow","Action":["ec2:DeleteVpc"],"Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"}}},
		{"Effect":"Deny","Action":["ec2:DeleteVpc"],"Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/locked":"yes"}}}]}`
	cfg, principal := assumeRoleWith(t, root, policy)
	if principal != "arn:aws:sts::123456789012:assumed-role/deployer/test" {
		t.Errorf("assumed-role ARN %s", principal)
	}
	who, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || *who.Arn != principal {
		t.Errorf("GetCallerIdentity with the session = %v, %v; want %s", who, err, principal)
	}
	ec := ec2.NewFromConfig(cfg)
	tagged := func(env string) []ec2types.TagSpecification {
		return []ec2types.TagSpecification{{ResourceType: ec2types.ResourceTypeVpc, Tags: []ec2types.Tag{{Key: aws.String("env"), Value: aws.String(env)}}}}
	}
	if _, err := ec.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{}); err != nil {
		t.Fatalf("an allowed read: %v", err)
	}
	vpc, err := ec.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.0.0.0/16"), TagSpecifications: tagged("prod")})
	if err != nil {
		t.Fatalf("a create with the tag the policy asks for: %v", err)
	}
	_, err = ec.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.1.0.0/16"), TagSpecifications: tagged("dev")})
	wantAPIError(t, err, "UnauthorizedOperation", http.StatusForbidden)
	_, err = ec.CreateVpc(ctx, &ec2.CreateVpcInput{CidrBlock: aws.String("10.1.0.0/16")})
	wantAPIError(t, err, "UnauthorizedOperation", http.StatusForbidden)

	// aws:ResourceTag comes from the resource as stored; the root's tag
	// change is not judged, and an explicit deny wins over the allow.
	rootEC2 := ec2.NewFromConfig(root)
	if _, err := rootEC2.CreateTags(ctx, &ec2.CreateTagsInput{Resources: []string{*vpc.Vpc.VpcId}, Tags: []ec2types.Tag{{Key: aws.String("locked"), Value: aws.String("yes")}}}); err != nil {
		t.Fatalf("root CreateTags: %v", err)
	}
	_, err = ec.DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: vpc.Vpc.VpcId})
	wantAPIError(t, err, "UnauthorizedOperation", http.StatusForbidden)
	if _, err := rootEC2.DeleteTags(ctx, &ec2.DeleteTagsInput{Resources: []string{*vpc.Vpc.VpcId}, Tags: []ec2types.Tag{{Key: aws.String("locked")}}}); err != nil {
		t.Fatalf("root DeleteTags: %v", err)
	}
	if _, err := ec.DeleteVpc(ctx, &ec2.DeleteVpcInput{VpcId: vpc.Vpc.VpcId}); err != nil {
		t.Fatalf("DeleteVpc of a prod VPC: %v", err)
	}

	// The JSON services answer AccessDeniedException, the Query services
	// AccessDenied.
	_, err = ecs.NewFromConfig(cfg).CreateCluster(ctx, &ecs.CreateClusterInput{ClusterName: aws.String("c"), Tags: []ecstypes.Tag{{Key: aws.String("env"), Value: aws.String("prod")}}})
	wantAPIError(t, err, "AccessDeniedException", http.StatusBadRequest)
	_, err = rds.NewFromConfig(cfg).DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{})
	wantAPIError(t, err, "AccessDenied", http.StatusForbidden)
	_, err = iam.NewFromConfig(cfg).ListRoles(ctx, &iam.ListRolesInput{})
	wantAPIError(t, err, "AccessDenied", http.StatusForbidden)
	if !strings.Contains(err.Error(), "User: "+principal+" is not authorized to perform: iam:ListRoles on resource: *") {
		t.Errorf("the denial does not say who, what and on what: %v", err)
	}

	status, body := hooks.do(http.MethodGet, "/_devcloud/iam/denials", "")
	if status != http.StatusOK {
		t.Fatalf("GET denials: %d %s", status, body)
	}
	var denials []fakeaws.Denial
	if err := json.Unmarshal([]byte(body), &denials); err != nil {
		t.Fatalf("denials are not JSON: %v\n%s", err, body)
	}
	var got []string
	for _, d := range denials {
		if d.Principal != principal {
			t.Errorf("denial of %s, want %s", d.Principal, principal)
		}
		got = append(got, d.Operation+" "+d.Action+" "+strings.Join(d.Resources, ",")+" "+d.Decision)
	}
	want := []string{
		"ec2:CreateVpc ec2:CreateVpc arn:aws:ec2:us-east-1:123456789012:vpc/* implicitDeny",
		"ec2:CreateVpc ec2:CreateVpc arn:aws:ec2:us-east-1:123456789012:vpc/* implicitDeny",
		"ec2:DeleteVpc ec2:DeleteVpc arn:aws:ec2:us-east-1:123456789012:vpc/" + *vpc.Vpc.VpcId + " explicitDeny",
		"ecs:CreateCluster ecs:CreateCluster arn:aws:ecs:us-east-1:123456789012:cluster/c implicitDeny",
		"rds:DescribeDBInstances rds:DescribeDBInstances arn:aws:rds:us-east-1:123456789012:db:* implicitDeny",
		"iam:ListRoles iam:ListRoles * implicitDeny",
	}
	if !slices.Equal(got, want) {
		t.Errorf("denials:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if status, _ := hooks.do(http.MethodDelete, "/_devcloud/iam/denials", ""); status != http.StatusNoContent {
		t.Errorf("DELETE denials: %d", status)
	}
	if _, body := hooks.do(http.MethodGet, "/_devcloud/iam/denials", ""); strings.TrimSpace(body) != "[]" {
		t.Errorf("denials after DELETE: %s", body)
	}
}

// Without -enforce-iam a role session is allowed everything, as before.
func TestWithoutEnforcementSessionsAreNotJudged(t *testing.T) {
	_, root, _ := startHooks(t)
	cfg, _ := assumeRoleWith(t, root, `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`)
	if _, err := iam.NewFromConfig(cfg).ListRoles(t.Context(), &iam.ListRolesInput{}); err != nil {
		t.Errorf("ListRoles without enforcement: %v", err)
	}
}

// SimulatePrincipalPolicy evaluates with the same evaluator: per action
// and resource, allowed / implicitDeny / explicitDeny, with the context
// entries given.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
func TestSimulatePrincipalPolicy(t *testing.T) {
	_, root, _ := startHooks(t, fakeaws.WithEnforceIAM())
	policy := `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"ecs:UpdateService","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"prod"}}},
		{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::*:role/app/*"},
		{"Effect":"Deny","Action":"iam:PassRole","Resource":"arn:aws:iam::*:role/app/admin"}]}`
	_, principal := assumeRoleWith(t, root, policy)
	client := iam.NewFromConfig(root)
	for _, source := range []string{"arn:aws:iam::123456789012:role/ops/deployer", principal} {
		out, err := client.SimulatePrincipalPolicy(t.Context(), &iam.SimulatePrincipalPolicyInput{
			PolicySourceArn: aws.String(source),
			ActionNames:     []string{"ecs:UpdateService", "iam:PassRole"},
			ResourceArns:    []string{"arn:aws:iam::123456789012:role/app/api", "arn:aws:iam::123456789012:role/app/admin"},
			ContextEntries: []iamtypes.ContextEntry{{ContextKeyName: aws.String("aws:ResourceTag/env"), ContextKeyType: iamtypes.ContextKeyTypeEnumString,
				ContextKeyValues: []string{"prod"}}},
		})
		if err != nil {
			t.Fatalf("SimulatePrincipalPolicy(%s): %v", source, err)
		}
		var got []string
		for _, r := range out.EvaluationResults {
			got = append(got, *r.EvalActionName+" "+*r.EvalResourceName+" "+string(r.EvalDecision))
		}
		want := []string{
			"ecs:UpdateService arn:aws:iam::123456789012:role/app/api allowed",
			"ecs:UpdateService arn:aws:iam::123456789012:role/app/admin allowed",
			"iam:PassRole arn:aws:iam::123456789012:role/app/api allowed",
			"iam:PassRole arn:aws:iam::123456789012:role/app/admin explicitDeny",
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s:\n%s\nwant:\n%s", source, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	out, err := client.SimulatePrincipalPolicy(t.Context(), &iam.SimulatePrincipalPolicyInput{
		PolicySourceArn: aws.String("arn:aws:iam::123456789012:role/ops/deployer"), ActionNames: []string{"ecs:UpdateService", "ec2:CreateVpc"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range out.EvaluationResults {
		if r.EvalDecision != iamtypes.PolicyEvaluationDecisionTypeImplicitDeny || *r.EvalResourceName != "*" {
			t.Errorf("%s on %s without the tag in context: %s, want implicitDeny on *", *r.EvalActionName, *r.EvalResourceName, r.EvalDecision)
		}
		want := map[string]string{"ecs:UpdateService": "aws:ResourceTag/env", "ec2:CreateVpc": ""}[*r.EvalActionName]
		if got := strings.Join(r.MissingContextValues, ","); got != want {
			t.Errorf("%s: MissingContextValues %q, want %q", *r.EvalActionName, got, want)
		}
	}
}
