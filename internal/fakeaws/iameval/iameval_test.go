package iameval

import "testing"

func mustParse(t *testing.T, doc string) Policy {
	t.Helper()
	p, err := Parse(doc)
	if err != nil {
		t.Fatalf("parse %s: %v", doc, err)
	}
	return p
}

func TestEvaluate(t *testing.T) {
	const envTagged = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecs:UpdateService"],"Resource":"*",
		"Condition":{"StringEquals":{"aws:ResourceTag/everruns:environment":"production","aws:ResourceTag/everruns:project":["everruns"]}}}]}`
	tests := []struct {
		name     string
		policies []string
		req      Request
		want     Decision
	}{
		{"no policy denies implicitly", nil, Request{Action: "ec2:CreateVpc", Resource: "*"}, ImplicitDeny},
		{"allow on *", []string{`{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`},
			Request{Action: "ec2:CreateVpc", Resource: "arn:aws:ec2:us-east-1:1:vpc/vpc-1"}, Allowed},
		{"action is case-insensitive", []string{`{"Statement":[{"Effect":"Allow","Action":"EC2:createvpc","Resource":"*"}]}`},
			Request{Action: "ec2:CreateVpc", Resource: "*"}, Allowed},
		{"action wildcard", []string{`{"Statement":[{"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}]}`},
			Request{Action: "ec2:DescribeVpcs", Resource: "*"}, Allowed},
		{"action ? is one character", []string{`{"Statement":[{"Effect":"Allow","Action":"iam:?etRole","Resource":"*"}]}`},
			Request{Action: "iam:GetRole", Resource: "*"}, Allowed},
		{"action ? is not two", []string{`{"Statement":[{"Effect":"Allow","Action":"iam:?Role","Resource":"*"}]}`},
			Request{Action: "iam:GetRole", Resource: "*"}, ImplicitDeny},
		{"other action", []string{`{"Statement":[{"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}]}`},
			Request{Action: "ec2:CreateVpc", Resource: "*"}, ImplicitDeny},
		{"NotAction allows the rest", []string{`{"Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}`},
			Request{Action: "ec2:CreateVpc", Resource: "*"}, Allowed},
		{"NotAction excludes", []string{`{"Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}`},
			Request{Action: "iam:PassRole", Resource: "*"}, ImplicitDeny},
		{"explicit deny wins over allow", []string{`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`,
			`{"Statement":[{"Effect":"Deny","Action":"ec2:DeleteVpc","Resource":"*"}]}`},
			Request{Action: "ec2:DeleteVpc", Resource: "arn:aws:ec2:us-east-1:1:vpc/vpc-1"}, ExplicitDeny},
		{"resource pattern per ARN part", []string{`{"Statement":[{"Effect":"Allow","Action":"iam:PutRolePolicy","Resource":"arn:aws:iam::*:role/everruns/everruns/production/*"}]}`},
			Request{Action: "iam:PutRolePolicy", Resource: "arn:aws:iam::123456789012:role/everruns/everruns/production/api-task"}, Allowed},
		{"resource pattern: another path", []string{`{"Statement":[{"Effect":"Allow","Action":"iam:PutRolePolicy","Resource":"arn:aws:iam::*:role/everruns/everruns/production/*"}]}`},
			Request{Action: "iam:PutRolePolicy", Resource: "arn:aws:iam::123456789012:role/other/api-task"}, ImplicitDeny},
		{"resource account * does not cross parts", []string{`{"Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"arn:aws:logs:us-east-1:*:log-group:/ecs/x"}]}`},
			Request{Action: "logs:TagResource", Resource: "arn:aws:logs:us-east-1:1:log-group:/ecs/x:*"}, ImplicitDeny},
		{"resource is case-sensitive", []string{`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:rds:us-east-1:*:db:Everruns"}]}`},
			Request{Action: "rds:ModifyDBInstance", Resource: "arn:aws:rds:us-east-1:1:db:everruns"}, ImplicitDeny},
		{"secret suffix ??????", []string{`{"Statement":[{"Effect":"Allow","Action":"secretsmanager:*","Resource":"arn:aws:secretsmanager:us-east-1:*:secret:everruns/production/db-??????"}]}`},
			Request{Action: "secretsmanager:GetSecretValue", Resource: "arn:aws:secretsmanager:us-east-1:1:secret:everruns/production/db-AbC123"}, Allowed},
		{"NotResource", []string{`{"Statement":[{"Effect":"Allow","Action":"*","NotResource":"arn:aws:iam::*:role/admin"}]}`},
			Request{Action: "iam:PassRole", Resource: "arn:aws:iam::1:role/admin"}, ImplicitDeny},
		{"a statement without Resource never applies", []string{`{"Statement":[{"Effect":"Allow","Action":"*"}]}`},
			Request{Action: "iam:PassRole", Resource: "*"}, ImplicitDeny},

		{"resource tags match", []string{envTagged}, Request{Action: "ecs:UpdateService", Resource: "arn:aws:ecs:us-east-1:1:service/c/s",
			Context: map[string][]string{"aws:ResourceTag/everruns:environment": {"production"}, "aws:ResourceTag/everruns:project": {"everruns"}}}, Allowed},
		{"condition keys are case-insensitive", []string{envTagged}, Request{Action: "ecs:UpdateService", Resource: "x",
			Context: map[string][]string{"AWS:RESOURCETAG/everruns:environment": {"production"}, "aws:resourcetag/everruns:project": {"everruns"}}}, Allowed},
		{"condition values are case-sensitive", []string{envTagged}, Request{Action: "ecs:UpdateService", Resource: "x",
			Context: map[string][]string{"aws:ResourceTag/everruns:environment": {"Production"}, "aws:ResourceTag/everruns:project": {"everruns"}}}, ImplicitDeny},
		{"all keys of an operator must hold", []string{envTagged}, Request{Action: "ecs:UpdateService", Resource: "x",
			Context: map[string][]string{"aws:ResourceTag/everruns:environment": {"production"}}}, ImplicitDeny},
		{"StringEquals on a missing key is false", []string{envTagged}, Request{Action: "ecs:UpdateService", Resource: "x"}, ImplicitDeny},
		{"StringNotEquals on a missing key is true", []string{`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:ResourceTag/env":"prod"}}}]}`},
			Request{Action: "ec2:DeleteVpc", Resource: "*"}, Allowed},
		{"StringNotEquals on a matching key is false", []string{`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringNotEquals":{"aws:ResourceTag/env":["prod","stage"]}}}]}`},
			Request{Action: "ec2:DeleteVpc", Resource: "*", Context: map[string][]string{"aws:ResourceTag/env": {"stage"}}}, ImplicitDeny},
		{"StringEqualsIfExists on a missing key", []string{`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringEqualsIfExists":{"aws:RequestTag/env":"prod"}}}]}`},
			Request{Action: "ec2:DeleteVpc", Resource: "*"}, Allowed},
		{"StringLike", []string{`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"StringLike":{"aws:RequestTag/team":"plat*"}}}]}`},
			Request{Action: "ecs:CreateCluster", Resource: "*", Context: map[string][]string{"aws:RequestTag/team": {"platform"}}}, Allowed},
		{"ArnLike", []string{`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ArnLike":{"iam:AssociatedResourceArn":"arn:aws:ecs:*:*:task-definition/*"}}}]}`},
			Request{Action: "iam:PassRole", Resource: "*", Context: map[string][]string{"iam:AssociatedResourceArn": {"arn:aws:ecs:us-east-1:1:task-definition/api:3"}}}, Allowed},
		{"ArnEquals part by part", []string{`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:ecs:us-east-1:*:cluster/x"}}}]}`},
			Request{Action: "iam:PassRole", Resource: "*", Context: map[string][]string{"aws:SourceArn": {"arn:aws:ecs:us-east-1:1:cluster/y"}}}, ImplicitDeny},
		{"Bool is case-insensitive text", []string{`{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":false}}},{"Effect":"Allow","Action":"*","Resource":"*"}]}`},
			Request{Action: "s3:GetObject", Resource: "*", Context: map[string][]string{"aws:SecureTransport": {"FALSE"}}}, ExplicitDeny},
		{"Bool on a missing key is false", []string{`{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}},{"Effect":"Allow","Action":"*","Resource":"*"}]}`},
			Request{Action: "s3:GetObject", Resource: "*"}, Allowed},
		{"Null true: key missing", []string{`{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Null":{"aws:RequestTag/env":"true"}}},{"Effect":"Allow","Action":"*","Resource":"*"}]}`},
			Request{Action: "ecs:CreateCluster", Resource: "*"}, ExplicitDeny},
		{"Null true: key present", []string{`{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Null":{"aws:RequestTag/env":"true"}}},{"Effect":"Allow","Action":"*","Resource":"*"}]}`},
			Request{Action: "ecs:CreateCluster", Resource: "*", Context: map[string][]string{"aws:RequestTag/env": {"prod"}}}, Allowed},
		{"Null false: key present", []string{`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Null":{"aws:ResourceTag/env":"false"}}}]}`},
			Request{Action: "ecs:UpdateService", Resource: "*", Context: map[string][]string{"aws:ResourceTag/env": {"prod"}}}, Allowed},
		{"Null false: key missing", []string{`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Null":{"aws:ResourceTag/env":"false"}}}]}`},
			Request{Action: "ecs:UpdateService", Resource: "*"}, ImplicitDeny},
		{"iam:PassedToService", []string{`{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"ecs-tasks.amazonaws.com"}}}]}`},
			Request{Action: "iam:PassRole", Resource: "arn:aws:iam::1:role/r", Context: map[string][]string{"iam:PassedToService": {"ec2.amazonaws.com"}}}, ImplicitDeny},
		{"unknown operator never allows", []string{`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericLessThan":{"x":"3"}}}]}`},
			Request{Action: "ecs:UpdateService", Resource: "*", Context: map[string][]string{"x": {"1"}}}, ImplicitDeny},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var ps []Policy
			for _, d := range tc.policies {
				ps = append(ps, mustParse(t, d))
			}
			if got := Evaluate(ps, tc.req); got != tc.want {
				t.Errorf("Evaluate = %s, want %s", got, tc.want)
			}
		})
	}
}

// Multivalued keys (aws:TagKeys, ec2:CreateAction's cousins) and the set
// operators, as "Set operators for multivalued context keys" documents.
func TestSetOperators(t *testing.T) {
	allowIf := func(op, values string) []Policy {
		return []Policy{mustParse(t, `{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"`+op+`":{"aws:TagKeys":`+values+`}}}]}`)}
	}
	req := func(keys ...string) Request {
		r := Request{Action: "ecs:TagResource", Resource: "*"}
		if keys != nil {
			r.Context = map[string][]string{"aws:TagKeys": keys}
		}
		return r
	}
	tests := []struct {
		name   string
		op     string
		values string
		req    Request
		want   Decision
	}{
		{"ForAllValues: every key listed", "ForAllValues:StringEquals", `["env","project"]`, req("env", "project"), Allowed},
		{"ForAllValues: a key not listed", "ForAllValues:StringEquals", `["env","project"]`, req("env", "owner"), ImplicitDeny},
		{"ForAllValues: a subset", "ForAllValues:StringEquals", `["env","project"]`, req("env"), Allowed},
		{"ForAllValues: missing key is true", "ForAllValues:StringEquals", `["env"]`, req(), Allowed},
		{"ForAllValues: empty key is true", "ForAllValues:StringEquals", `["env"]`, req([]string{}...), Allowed},
		{"ForAllValues:StringLike", "ForAllValues:StringLike", `["everruns:*"]`, req("everruns:environment", "everruns:project"), Allowed},
		{"ForAllValues:StringNotEquals: none listed", "ForAllValues:StringNotEquals", `["secret"]`, req("env", "owner"), Allowed},
		{"ForAllValues:StringNotEquals: one listed", "ForAllValues:StringNotEquals", `["secret"]`, req("env", "secret"), ImplicitDeny},
		{"ForAnyValue: one key listed", "ForAnyValue:StringEquals", `["env"]`, req("owner", "env"), Allowed},
		{"ForAnyValue: none listed", "ForAnyValue:StringEquals", `["env"]`, req("owner"), ImplicitDeny},
		{"ForAnyValue: missing key is false", "ForAnyValue:StringEquals", `["env"]`, req(), ImplicitDeny},
		{"ForAnyValue:StringNotEquals: some other key", "ForAnyValue:StringNotEquals", `["env"]`, req("env", "owner"), Allowed},
		{"ForAnyValue:StringNotEquals: only listed keys", "ForAnyValue:StringNotEquals", `["env"]`, req("env"), ImplicitDeny},
		{"no set operator on a multivalued key: any value", "StringEquals", `"env"`, req("owner", "env"), Allowed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Evaluate(allowIf(tc.op, tc.values), tc.req); got != tc.want {
				t.Errorf("Evaluate = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestParseRefusesWhatIsNotAPolicy(t *testing.T) {
	for _, doc := range []string{`nope`, `{"Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"}]}`,
		`{"Statement":[{"Effect":"Allow","Action":{"a":1},"Resource":"*"}]}`} {
		if _, err := Parse(doc); err == nil {
			t.Errorf("Parse(%s) succeeded", doc)
		}
	}
}

// The condition keys a decision depends on but the request lacks, for
// the statements whose action and resource apply.
func TestMissingContext(t *testing.T) {
	p := []Policy{mustParse(t, `{"Statement":[
		{"Effect":"Allow","Action":"ecs:UpdateService","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"prod","ecs:cluster":"c"}}},
		{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"ecs-tasks.amazonaws.com"}}}]}`)}
	got := MissingContext(p, Request{Action: "ecs:UpdateService", Resource: "x", Context: map[string][]string{"ECS:Cluster": {"c"}}})
	if len(got) != 1 || got[0] != "aws:ResourceTag/env" {
		t.Errorf("MissingContext = %v, want [aws:ResourceTag/env]", got)
	}
	if got := MissingContext(p, Request{Action: "ec2:CreateVpc", Resource: "x"}); len(got) != 0 {
		t.Errorf("MissingContext of an action no statement names = %v, want none", got)
	}
}
