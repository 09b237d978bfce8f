package authz

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// state is a fixed fake state: tags by ARN and answers by kind and ID.
type state struct {
	tags  map[string]map[string]string
	finds map[string]string
}

func (s state) Tags(arn string) (map[string]string, bool) { t, ok := s.tags[arn]; return t, ok }
func (s state) Find(kind, id string) string               { return s.finds[kind+" "+id] }

const acct = core.AccountID

var env = map[string]string{"everruns:environment": "production"}

// render writes checks one per line: action, resource and the context
// keys in order, to compare with a table.
func render(checks []Check) []string {
	var out []string
	for _, c := range checks {
		var keys []string
		for k, v := range c.Context {
			keys = append(keys, k+"="+strings.Join(v, "|"))
		}
		slices.Sort(keys)
		out = append(out, c.Action+" "+c.Resource+" "+strings.Join(keys, " "))
	}
	return out
}

func TestChecks(t *testing.T) {
	st := state{
		tags: map[string]map[string]string{
			"arn:aws:ec2:us-east-1:" + acct + ":vpc/vpc-1":                         env,
			"arn:aws:ec2:us-east-1:" + acct + ":subnet/subnet-1":                   env,
			"arn:aws:ec2:us-east-1:" + acct + ":elastic-ip/eipalloc-1":             env,
			"arn:aws:ec2:us-east-1:" + acct + ":route-table/rtb-1":                 env,
			"arn:aws:ecs:us-east-1:" + acct + ":task-definition/api:3":             env,
			"arn:aws:iam::" + acct + ":role/everruns/everruns/production/api-task": env,
		},
		finds: map[string]string{
			"ecs:taskdef api:3": "arn:aws:ecs:us-east-1:" + acct + ":task-definition/api:3",
			"ecs:taskdef-roles arn:aws:ecs:us-east-1:" + acct + ":task-definition/api:3": "arn:aws:iam::" + acct + ":role/everruns/everruns/production/api-task " +
				"arn:aws:iam::" + acct + ":role/everruns/everruns/production/exec",
			"iam:role api-task":          "arn:aws:iam::" + acct + ":role/everruns/everruns/production/api-task",
			"ec2:association rtbassoc-1": "rtb-1 subnet-1",
		},
	}
	ec2 := func(action string, form url.Values) *core.Request {
		form.Set("Action", action)
		return &core.Request{Service: "ec2", Action: action, Region: "us-east-1", Protocol: core.EC2Query, Form: form}
	}
	json := func(service, action, body string) *core.Request {
		return &core.Request{Service: service, Action: action, Region: "us-east-1", Protocol: core.JSON, Body: []byte(body)}
	}
	query := func(service, action string, form url.Values) *core.Request {
		return &core.Request{Service: service, Action: action, Region: "us-east-1", Protocol: core.Query, Form: form}
	}
	const tag = "aws:RequestTag/everruns:environment=production aws:TagKeys=everruns:environment"
	const res = "aws:ResourceTag/everruns:environment=production"
	const tagRes = "aws:RequestTag/everruns:environment=production " + res + " aws:TagKeys=everruns:environment"
	tests := []struct {
		name string
		req  *core.Request
		want []string
	}{
		{"a tagged EC2 create: the new subnet, its VPC, and CreateTags on the subnet",
			ec2("CreateSubnet", url.Values{"VpcId": {"vpc-1"}, "CidrBlock": {"10.0.1.0/24"}, "TagSpecification.1.ResourceType": {"subnet"},
				"TagSpecification.1.Tag.1.Key": {"everruns:environment"}, "TagSpecification.1.Tag.1.Value": {"production"}}),
			[]string{
				"ec2:CreateSubnet arn:aws:ec2:us-east-1:" + acct + ":subnet/* " + tag,
				"ec2:CreateSubnet arn:aws:ec2:us-east-1:" + acct + ":vpc/vpc-1 " + tagRes,
				"ec2:CreateTags arn:aws:ec2:us-east-1:" + acct + ":subnet/* " + tag + " ec2:CreateAction=CreateSubnet",
			}},
		{"an untagged EC2 create authorizes no CreateTags",
			ec2("CreateNatGateway", url.Values{"SubnetId": {"subnet-1"}, "AllocationId": {"eipalloc-1"}}),
			[]string{
				"ec2:CreateNatGateway arn:aws:ec2:us-east-1:" + acct + ":natgateway/* ",
				"ec2:CreateNatGateway arn:aws:ec2:us-east-1:" + acct + ":subnet/subnet-1 " + res,
				"ec2:CreateNatGateway arn:aws:ec2:us-east-1:" + acct + ":elastic-ip/eipalloc-1 " + res,
			}},
		{"DisassociateRouteTable is authorized on the association's table and subnet",
			ec2("DisassociateRouteTable", url.Values{"AssociationId": {"rtbassoc-1"}}),
			[]string{
				"ec2:DisassociateRouteTable arn:aws:ec2:us-east-1:" + acct + ":route-table/rtb-1 " + res,
				"ec2:DisassociateRouteTable arn:aws:ec2:us-east-1:" + acct + ":subnet/subnet-1 " + res,
			}},
		{"RunTask: the task definition in its cluster, tag on create, and PassRole of the definition's roles",
			json("ecs", "RunTask", `{"cluster":"prod","taskDefinition":"api:3","tags":[{"key":"everruns:environment","value":"production"}]}`),
			[]string{
				"ecs:RunTask arn:aws:ecs:us-east-1:" + acct + ":task-definition/api:3 " + tagRes + " ecs:cluster=arn:aws:ecs:us-east-1:" + acct + ":cluster/prod",
				"ecs:TagResource arn:aws:ecs:us-east-1:" + acct + ":task/prod/* " + tag + " ecs:CreateAction=RunTask ecs:cluster=arn:aws:ecs:us-east-1:" + acct + ":cluster/prod",
				"iam:PassRole arn:aws:iam::" + acct + ":role/everruns/everruns/production/api-task " + res + " iam:PassedToService=ecs-tasks.amazonaws.com",
				"iam:PassRole arn:aws:iam::" + acct + ":role/everruns/everruns/production/exec iam:PassedToService=ecs-tasks.amazonaws.com",
			}},
		{"CreateDBInstance: the instance and the groups it names, and AddTagsToResource",
			query("rds", "CreateDBInstance", url.Values{"DBInstanceIdentifier": {"db1"}, "DBSubnetGroupName": {"sg1"}, "DBParameterGroupName": {"pg1"},
				"Tags.Tag.1.Key": {"everruns:environment"}, "Tags.Tag.1.Value": {"production"}}),
			[]string{
				"rds:CreateDBInstance arn:aws:rds:us-east-1:" + acct + ":db:db1 " + tag,
				"rds:CreateDBInstance arn:aws:rds:us-east-1:" + acct + ":subgrp:sg1 " + tag,
				"rds:CreateDBInstance arn:aws:rds:us-east-1:" + acct + ":pg:pg1 " + tag,
				"rds:AddTagsToResource arn:aws:rds:us-east-1:" + acct + ":db:db1 " + tag,
			}},
		{"a role named by name is checked by its ARN, path included",
			query("iam", "PutRolePolicy", url.Values{"RoleName": {"api-task"}, "PolicyName": {"p"}}),
			[]string{"iam:PutRolePolicy arn:aws:iam::" + acct + ":role/everruns/everruns/production/api-task " + res}},
		{"ELBv2 CreateListener: the new listener and its load balancer, AddTags with CreateAction",
			query("elasticloadbalancing", "CreateListener", url.Values{"LoadBalancerArn": {"arn:aws:elasticloadbalancing:us-east-1:" + acct + ":loadbalancer/app/alb/abc"},
				"Tags.member.1.Key": {"everruns:environment"}, "Tags.member.1.Value": {"production"}}),
			[]string{
				"elasticloadbalancing:CreateListener arn:aws:elasticloadbalancing:us-east-1:" + acct + ":listener/app/alb/abc/* " + tag,
				"elasticloadbalancing:CreateListener arn:aws:elasticloadbalancing:us-east-1:" + acct + ":loadbalancer/app/alb/abc " + tag,
				"elasticloadbalancing:AddTags arn:aws:elasticloadbalancing:us-east-1:" + acct + ":listener/app/alb/abc/* " + tag + " elasticloadbalancing:CreateAction=CreateListener",
			}},
		{"CreateSecret: the new secret's ARN carries six random characters",
			json("secretsmanager", "CreateSecret", `{"Name":"everruns/production/db"}`),
			[]string{"secretsmanager:CreateSecret arn:aws:secretsmanager:us-east-1:" + acct + ":secret:everruns/production/db" + smNewSuffix + " secretsmanager:Name=everruns/production/db"}},
		{"CreatePrivateDnsNamespace needs Route 53 and EC2 reads",
			json("servicediscovery", "CreatePrivateDnsNamespace", `{"Name":"x.local","Vpc":"vpc-1"}`),
			[]string{"servicediscovery:CreatePrivateDnsNamespace * ", "route53:CreateHostedZone * ", "route53:GetHostedZone * ",
				"route53:ListHostedZonesByName * ", "ec2:DescribeVpcs * ", "ec2:DescribeRegions * "}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checks, known := Checks(NewCall(tc.req, st))
			if !known {
				t.Fatalf("%s:%s is not in the table", tc.req.Service, tc.req.Action)
			}
			if got := render(checks); !slices.Equal(got, tc.want) {
				t.Errorf("checks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
	if _, known := Checks(NewCall(&core.Request{Service: "ec2", Action: "RunInstances", Protocol: core.EC2Query, Form: url.Values{}}, st)); known {
		t.Error("RunInstances, which devcloud does not judge, is in the table")
	}
}
