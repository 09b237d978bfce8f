//go:build kumo

package crosscheck

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

const (
	iamRef        = "https://docs.aws.amazon.com/IAM/latest/APIReference/"
	trust         = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	ecsExecPolicy = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
	inline        = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:PutLogEvents","Resource":"*"}]}`
)

func createRole(ctx context.Context, c *iam.Client, name string) (*types.Role, error) {
	out, err := c.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(name), AssumeRolePolicyDocument: aws.String(trust)})
	if err != nil {
		return nil, err
	}
	return out.Role, nil
}

func iamCases() []testCase {
	return []testCase{
		{
			name: "iam: CreateRole twice", ref: iamRef + "API_CreateRole.html",
			want: "error:EntityAlreadyExists",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := iam.NewFromConfig(cfg)
				if _, err := createRole(ctx, c, p+"-role"); err != nil {
					return "first " + errorOutcome(err)
				}
				_, err := createRole(ctx, c, p+"-role")
				return outcome(err)
			},
		},
		{
			name: "iam: GetRole of a missing role", ref: iamRef + "API_GetRole.html",
			want: "error:NoSuchEntity",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				_, err := iam.NewFromConfig(cfg).GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(p + "-missing")})
				return outcome(err)
			},
		},
		{
			name: "iam: DeleteRole while it has an inline policy", ref: iamRef + "API_DeleteRole.html",
			want: "error:DeleteConflict",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := iam.NewFromConfig(cfg)
				if _, err := createRole(ctx, c, p+"-role"); err != nil {
					return "setup " + errorOutcome(err)
				}
				if _, err := c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String(p + "-role"), PolicyName: aws.String("logs"), PolicyDocument: aws.String(inline)}); err != nil {
					return "setup " + errorOutcome(err)
				}
				_, err := c.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String(p + "-role")})
				return outcome(err)
			},
		},
		{
			name: "iam: DeleteRole while a managed policy is attached", ref: iamRef + "API_DeleteRole.html",
			want: "error:DeleteConflict",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := iam.NewFromConfig(cfg)
				if _, err := createRole(ctx, c, p+"-role"); err != nil {
					return "setup " + errorOutcome(err)
				}
				// A policy AWS manages exists in every account.
				if _, err := c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String(p + "-role"), PolicyArn: aws.String(ecsExecPolicy)}); err != nil {
					return "attach " + errorOutcome(err)
				}
				_, err := c.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String(p + "-role")})
				return outcome(err)
			},
		},
		{
			name: "iam: CreateRole with a trust policy that is not JSON", ref: iamRef + "API_CreateRole.html",
			want: "error:MalformedPolicyDocument",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				_, err := iam.NewFromConfig(cfg).CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String(p + "-role"), AssumeRolePolicyDocument: aws.String(`{"Version": "2012-10-17", "Statement": [`)})
				return outcome(err)
			},
		},
		{
			name: "iam: PutRolePolicy with a policy that is not JSON", ref: iamRef + "API_PutRolePolicy.html",
			want: "error:MalformedPolicyDocument",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := iam.NewFromConfig(cfg)
				if _, err := createRole(ctx, c, p+"-role"); err != nil {
					return "setup " + errorOutcome(err)
				}
				_, err := c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String(p + "-role"), PolicyName: aws.String("bad"), PolicyDocument: aws.String("not json")})
				return outcome(err)
			},
		},
		{
			name: "iam: AttachRolePolicy of an unknown policy ARN", ref: iamRef + "API_AttachRolePolicy.html",
			want: "error:NoSuchEntity",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := iam.NewFromConfig(cfg)
				if _, err := createRole(ctx, c, p+"-role"); err != nil {
					return "setup " + errorOutcome(err)
				}
				_, err := c.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String(p + "-role"), PolicyArn: aws.String("arn:aws:iam::123456789012:policy/" + p + "-nowhere")})
				return outcome(err)
			},
		},
		{
			// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-prefixes
			name: "iam: a role ID begins with AROA", ref: iamRef + "API_Role.html",
			want: "ok:AROA",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				r, err := createRole(ctx, iam.NewFromConfig(cfg), p+"-role")
				if err != nil {
					return errorOutcome(err)
				}
				id := aws.ToString(r.RoleId)
				return "ok:" + id[:min(4, len(id))]
			},
		},
		{
			name: "iam: GetRole's trust policy is URL-encoded", ref: iamRef + "API_GetRole.html",
			want: "ok:url-encoded",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := iam.NewFromConfig(cfg)
				if _, err := createRole(ctx, c, p+"-role"); err != nil {
					return "setup " + errorOutcome(err)
				}
				out, err := c.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(p + "-role")})
				if err != nil {
					return errorOutcome(err)
				}
				return encodedPolicy(aws.ToString(out.Role.AssumeRolePolicyDocument), trust)
			},
		},
		{
			name: "iam: GetRolePolicy's document is URL-encoded", ref: iamRef + "API_GetRolePolicy.html",
			want: "ok:url-encoded",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := iam.NewFromConfig(cfg)
				if _, err := createRole(ctx, c, p+"-role"); err != nil {
					return "setup " + errorOutcome(err)
				}
				if _, err := c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String(p + "-role"), PolicyName: aws.String("logs"), PolicyDocument: aws.String(inline)}); err != nil {
					return "setup " + errorOutcome(err)
				}
				out, err := c.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String(p + "-role"), PolicyName: aws.String("logs")})
				if err != nil {
					return errorOutcome(err)
				}
				return encodedPolicy(aws.ToString(out.PolicyDocument), inline)
			},
		},
		{
			name: "iam: GetRolePolicy of a missing policy", ref: iamRef + "API_GetRolePolicy.html",
			want: "error:NoSuchEntity",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := iam.NewFromConfig(cfg)
				if _, err := createRole(ctx, c, p+"-role"); err != nil {
					return "setup " + errorOutcome(err)
				}
				_, err := c.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String(p + "-role"), PolicyName: aws.String("none")})
				return outcome(err)
			},
		},
		{
			name: "iam: ListRolePolicies with MaxItems=1 is truncated with a Marker", ref: iamRef + "API_ListRolePolicies.html",
			want: "ok:names=1,truncated,marker",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := iam.NewFromConfig(cfg)
				if _, err := createRole(ctx, c, p+"-role"); err != nil {
					return "setup " + errorOutcome(err)
				}
				for _, name := range []string{"a", "b"} {
					if _, err := c.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String(p + "-role"), PolicyName: aws.String(name), PolicyDocument: aws.String(inline)}); err != nil {
						return "setup " + errorOutcome(err)
					}
				}
				out, err := c.ListRolePolicies(ctx, &iam.ListRolePoliciesInput{RoleName: aws.String(p + "-role"), MaxItems: aws.Int32(1)})
				if err != nil {
					return errorOutcome(err)
				}
				s := "ok:names=" + strconv.Itoa(len(out.PolicyNames))
				if out.IsTruncated {
					s += ",truncated"
				}
				if aws.ToString(out.Marker) != "" {
					s += ",marker"
				}
				return s
			},
		},
		{
			name: "iam: tags given to CreateRole come back in ListRoleTags", ref: iamRef + "API_ListRoleTags.html",
			want: "ok:Project=everruns",
			run: func(ctx context.Context, cfg aws.Config, p string) string {
				c := iam.NewFromConfig(cfg)
				if _, err := c.CreateRole(ctx, &iam.CreateRoleInput{
					RoleName: aws.String(p + "-role"), AssumeRolePolicyDocument: aws.String(trust),
					Tags: []types.Tag{{Key: aws.String("Project"), Value: aws.String("everruns")}},
				}); err != nil {
					return "setup " + errorOutcome(err)
				}
				out, err := c.ListRoleTags(ctx, &iam.ListRoleTagsInput{RoleName: aws.String(p + "-role")})
				if err != nil {
					return errorOutcome(err)
				}
				var kv []string
				for _, tg := range out.Tags {
					kv = append(kv, aws.ToString(tg.Key)+"="+aws.ToString(tg.Value))
				}
				return "ok:" + strings.Join(kv, ",")
			},
		},
	}
}

// encodedPolicy says whether doc is policy URL-encoded (RFC 3986), as IAM
// returns policy documents, or the raw JSON.
func encodedPolicy(doc, policy string) string {
	switch {
	case doc == policy:
		return "ok:raw JSON"
	case strings.HasPrefix(doc, "%7B"):
		if dec, err := url.QueryUnescape(doc); err == nil && dec == policy {
			return "ok:url-encoded"
		}
		return "ok:url-encoded, another document"
	default:
		return "ok:neither raw nor encoded"
	}
}
