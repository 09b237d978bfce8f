package iampolicy

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func input(actions ...string) Input {
	return Input{Region: "eu-west-1", Account: "123456789012", Project: "everruns", Environment: "production",
		Actions: actions, Secrets: []string{"everruns/api"}, LogGroups: []string{"/ecs/everruns"},
		DBNames: []string{"db:everruns"}, LeaseTable: "lease"}
}

// grantsOf returns the statements that allow action.
func grantsOf(t *testing.T, in Input, action string) []Statement {
	t.Helper()
	doc, err := Generate(in)
	if err != nil {
		t.Fatal(err)
	}
	var out []Statement
	for _, st := range doc.Statement {
		if slices.Contains(st.Action, action) {
			out = append(out, st)
		}
	}
	return out
}

func TestScopes(t *testing.T) {
	for name, tc := range map[string]struct {
		action    string
		resources [][]string
		condKey   []string // the condition key of each statement, "" for none
	}{
		"a read is on *":                 {"ec2:DescribeVpcs", [][]string{{"*"}}, []string{""}},
		"a secret value is the secret's": {"secretsmanager:GetSecretValue", [][]string{{"arn:aws:secretsmanager:eu-west-1:123456789012:secret:everruns/api-??????"}}, []string{""}},
		"an ECS update needs the tag":    {"ecs:UpdateService", [][]string{{"*"}}, []string{"aws:ResourceTag/everruns:environment"}},
		"an ECS create puts the tag":     {"ecs:CreateService", [][]string{{"*"}}, []string{"aws:RequestTag/everruns:environment"}},
		"the lease table by name":        {"dynamodb:UpdateItem", [][]string{{"arn:aws:dynamodb:eu-west-1:123456789012:table/lease"}}, []string{""}},
		"roles under the path":           {"iam:PutRolePolicy", [][]string{{"arn:aws:iam::123456789012:role/everruns/everruns/production/*"}}, []string{""}},
		"pass a role to ECS tasks only":  {"iam:PassRole", [][]string{{"arn:aws:iam::123456789012:role/everruns/everruns/production/*"}}, []string{"iam:PassedToService"}},
		"a log group and its streams":    {"logs:PutRetentionPolicy", [][]string{{"arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/everruns", "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/everruns:*"}}, []string{""}},
		"an EC2 create: parents tagged, the new subnet tagged in the request": {"ec2:CreateSubnet", [][]string{
			{"arn:aws:ec2:eu-west-1:123456789012:subnet/*"},
			{"arn:aws:ec2:eu-west-1:123456789012:elastic-ip/*", "arn:aws:ec2:eu-west-1:123456789012:internet-gateway/*", "arn:aws:ec2:eu-west-1:123456789012:natgateway/*", "arn:aws:ec2:eu-west-1:123456789012:route-table/*", "arn:aws:ec2:eu-west-1:123456789012:security-group/*", "arn:aws:ec2:eu-west-1:123456789012:subnet/*", "arn:aws:ec2:eu-west-1:123456789012:vpc/*"},
		}, []string{"aws:RequestTag/everruns:environment", "aws:ResourceTag/everruns:environment"}},
	} {
		t.Run(name, func(t *testing.T) {
			sts := grantsOf(t, input(tc.action, "ec2:CreateSubnet"), tc.action)
			if len(sts) != len(tc.resources) {
				t.Fatalf("%d statements allow %s, want %d: %+v", len(sts), tc.action, len(tc.resources), sts)
			}
			slices.SortFunc(sts, func(a, b Statement) int { return len(a.Resource) - len(b.Resource) })
			for i, st := range sts {
				if !slices.Equal(st.Resource, tc.resources[i]) {
					t.Errorf("statement %d resources %v, want %v", i, st.Resource, tc.resources[i])
				}
				if key := tc.condKey[i]; key != "" && st.Condition["StringEquals"][key] == nil {
					t.Errorf("statement %d has no condition %s: %v", i, key, st.Condition)
				} else if key == "" && st.Condition != nil {
					t.Errorf("statement %d has a condition: %v", i, st.Condition)
				}
			}
		})
	}
}

// Tag conditions name the project too: two projects may both have a
// "production" in one account.
func TestTagConditionsNameProjectAndEnvironment(t *testing.T) {
	st := grantsOf(t, input("ecs:UpdateService"), "ecs:UpdateService")[0]
	got := st.Condition["StringEquals"]
	if !slices.Equal(got["aws:ResourceTag/everruns:project"], []string{"everruns"}) || !slices.Equal(got["aws:ResourceTag/everruns:environment"], []string{"production"}) {
		t.Errorf("condition %v", got)
	}
}

func TestUnknownActionsAreRefused(t *testing.T) {
	for _, a := range []string{"s3:PutObject", "kms:Decrypt"} {
		if _, err := Generate(input(a)); err == nil {
			t.Errorf("%s was granted without a known scope", a)
		}
	}
	if _, err := Generate(Input{Actions: []string{"dynamodb:GetItem"}}); err == nil {
		t.Error("a DynamoDB action without a lease table was granted")
	}
	if _, err := Requires("DescribeVpcs"); err == nil {
		t.Error("an operation without a service was accepted")
	}
}

func TestRequiresNamesTheIAMPrefixNotTheSigningName(t *testing.T) {
	got, err := Requires("tagging:GetResources")
	if err != nil || !slices.Equal(got, []string{"tag:GetResources"}) {
		t.Errorf("Requires(tagging:GetResources) = %v, %v; want [tag:GetResources]", got, err)
	}
}

func TestRequiresAddsWhatAWSAuthorizesBesides(t *testing.T) {
	got, err := RequiresAll([]string{"iam:CreateRole", "ecs:RunTask", "sts:GetCallerIdentity"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"ecs:RunTask", "ecs:TagResource", "iam:CreateRole", "iam:PassRole", "iam:TagRole"}
	if !slices.Equal(got, want) {
		t.Errorf("RequiresAll = %v, want %v", got, want)
	}
}

func TestOutputIsStableAndCanonical(t *testing.T) {
	in := input("ec2:CreateVpc", "ec2:CreateTags", "ec2:DescribeVpcs", "ecs:CreateService", "iam:PassRole")
	a, _ := Generate(in)
	slices.Reverse(in.Actions)
	b, _ := Generate(in)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Fatalf("order of actions changed the policy:\n%s\n%s", ja, jb)
	}
	if c, err := Canonical(string(ja)); err != nil || !strings.Contains(c, "ec2:CreateAction") {
		t.Errorf("canonical form: %v %s", err, c)
	}
}
