package iam_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
// over a role's inline policies: an explicit Deny wins over an Allow,
// Action and Resource wildcards match (actions without case), anything
// else is an implicit deny; results page by MaxItems.
func TestSimulatePrincipalPolicy(t *testing.T) {
	c := client(t)
	role := createRole(t, c, "simulated")
	_, err := c.PutRolePolicy(t.Context(), &iam.PutRolePolicyInput{RoleName: aws.String("simulated"), PolicyName: aws.String("p"), PolicyDocument: aws.String(`{
		"Version": "2012-10-17",
		"Statement": [
			{"Effect": "Allow", "Action": ["ec2:Describe*", "ecs:RegisterTaskDefinition"], "Resource": "*"},
			{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "arn:aws:secretsmanager:us-east-1:123456789012:secret:everruns/production/db-??????"},
			{"Effect": "Deny", "Action": "ec2:DescribeAddresses", "Resource": "*"}
		]}`)})
	if err != nil {
		t.Fatal(err)
	}
	decisions := map[string]types.PolicyEvaluationDecisionType{}
	ask := func(resources []string, actions ...string) {
		t.Helper()
		p := iam.NewSimulatePrincipalPolicyPaginator(c, &iam.SimulatePrincipalPolicyInput{PolicySourceArn: role.Arn, ActionNames: actions, ResourceArns: resources, MaxItems: aws.Int32(1)})
		for p.HasMorePages() {
			page, err := p.NextPage(t.Context())
			if err != nil {
				t.Fatalf("SimulatePrincipalPolicy: %v", err)
			}
			for _, r := range page.EvaluationResults {
				decisions[aws.ToString(r.EvalActionName)+" "+aws.ToString(r.EvalResourceName)] = r.EvalDecision
			}
		}
	}
	const secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:everruns/"
	ask(nil, "ec2:DescribeVpcs", "EC2:describeSubnets", "ec2:DescribeAddresses", "ec2:CreateVpc", "ecs:RegisterTaskDefinition")
	ask([]string{secret + "production/db-abcdef", secret + "staging/db-abcdef", secret + "production/db-abc"}, "secretsmanager:GetSecretValue")
	want := map[string]types.PolicyEvaluationDecisionType{
		"ec2:DescribeVpcs *":           types.PolicyEvaluationDecisionTypeAllowed,
		"EC2:describeSubnets *":        types.PolicyEvaluationDecisionTypeAllowed,
		"ec2:DescribeAddresses *":      types.PolicyEvaluationDecisionTypeExplicitDeny,
		"ec2:CreateVpc *":              types.PolicyEvaluationDecisionTypeImplicitDeny,
		"ecs:RegisterTaskDefinition *": types.PolicyEvaluationDecisionTypeAllowed,
		"secretsmanager:GetSecretValue " + secret + "production/db-abcdef": types.PolicyEvaluationDecisionTypeAllowed,
		"secretsmanager:GetSecretValue " + secret + "staging/db-abcdef":    types.PolicyEvaluationDecisionTypeImplicitDeny,
		"secretsmanager:GetSecretValue " + secret + "production/db-abc":    types.PolicyEvaluationDecisionTypeImplicitDeny,
	}
	for k, d := range want {
		if decisions[k] != d {
			t.Errorf("%s: %q, want %q", k, decisions[k], d)
		}
	}
	if len(decisions) != len(want) {
		t.Errorf("%d results, want %d: %v", len(decisions), len(want), decisions)
	}
	_, err = c.SimulatePrincipalPolicy(t.Context(), &iam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String("arn:aws:iam::123456789012:role/nobody"), ActionNames: []string{"ec2:DescribeVpcs"}})
	wantCode(t, err, "NoSuchEntity")
}
