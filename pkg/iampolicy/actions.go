package iampolicy

import (
	"fmt"
	"slices"
	"strings"
)

// Requires returns the IAM actions one AWS operation needs, op written as
// the fake's call log and the adapters' tables write it:
// "service:Operation", service being the SigV4 signing name. For every
// service the reconciler uses, the signing name is the IAM prefix
// (elasticloadbalancing for ELBv2, servicediscovery for Cloud Map, logs for
// CloudWatch Logs) and the operation name is the action name, except where
// iamPrefix says otherwise; what an operation needs besides its own action
// is in dependentActions.
func Requires(op string) ([]string, error) {
	service, name, ok := strings.Cut(op, ":")
	if !ok || service == "" || name == "" {
		return nil, fmt.Errorf("operation %q is not service:Operation", op)
	}
	if service == "sts" && name == "GetCallerIdentity" {
		return nil, nil // "No permissions are required" (STS API reference)
	}
	action := op
	if prefix, ok := iamPrefix[service]; ok {
		action = prefix + ":" + name
	}
	return append([]string{action}, dependentActions[op]...), nil
}

// iamPrefix is the IAM prefix of a service whose signing name differs: the
// Resource Groups Tagging API signs as "tagging" and is authorized as
// "tag" (its "Actions, resources, and condition keys" page).
var iamPrefix = map[string]string{"tagging": "tag"}

// RequiresAll is the sorted union of what each operation needs.
func RequiresAll(ops []string) ([]string, error) {
	var out []string
	for _, op := range ops {
		actions, err := Requires(op)
		if err != nil {
			return nil, err
		}
		out = append(out, actions...)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// dependentActions are the other actions AWS authorizes for an operation:
// tags given in a create call are authorized as the service's tagging
// action ("tag on create"), a role given to ECS as iam:PassRole, and Cloud
// Map's private DNS namespace is a Route 53 hosted zone created with the
// caller's permissions. Sources: each service's "Actions, resources, and
// condition keys" page (Dependent actions), ECS "Grant permission to tag
// resources on creation", EC2 "Grant permission to tag resources during
// creation", the Cloud Map "API permissions reference".
var dependentActions = map[string][]string{
	"ec2:CreateVpc":                           {"ec2:CreateTags"},
	"ec2:CreateSubnet":                        {"ec2:CreateTags"},
	"ec2:CreateInternetGateway":               {"ec2:CreateTags"},
	"ec2:AllocateAddress":                     {"ec2:CreateTags"},
	"ec2:CreateNatGateway":                    {"ec2:CreateTags"},
	"ec2:CreateRouteTable":                    {"ec2:CreateTags"},
	"ec2:CreateSecurityGroup":                 {"ec2:CreateTags"},
	"rds:CreateDBInstance":                    {"rds:AddTagsToResource"},
	"rds:CreateDBSubnetGroup":                 {"rds:AddTagsToResource"},
	"rds:CreateDBParameterGroup":              {"rds:AddTagsToResource"},
	"secretsmanager:CreateSecret":             {"secretsmanager:TagResource"},
	"acm:RequestCertificate":                  {"acm:AddTagsToCertificate"},
	"iam:CreateRole":                          {"iam:TagRole"},
	"logs:CreateLogGroup":                     {"logs:TagResource"},
	"ecs:CreateCluster":                       {"ecs:TagResource"},
	"ecs:CreateService":                       {"ecs:TagResource", "iam:PassRole"},
	"ecs:UpdateService":                       {"iam:PassRole"},
	"ecs:RegisterTaskDefinition":              {"ecs:TagResource", "iam:PassRole"},
	"ecs:RunTask":                             {"ecs:TagResource", "iam:PassRole"},
	"elasticloadbalancing:CreateLoadBalancer": {"elasticloadbalancing:AddTags"},
	"elasticloadbalancing:CreateTargetGroup":  {"elasticloadbalancing:AddTags"},
	"elasticloadbalancing:CreateListener":     {"elasticloadbalancing:AddTags"},
	"elasticloadbalancing:CreateRule":         {"elasticloadbalancing:AddTags"},
	"servicediscovery:CreatePrivateDnsNamespace": {
		"route53:CreateHostedZone", "route53:GetHostedZone", "route53:ListHostedZonesByName",
		"ec2:DescribeVpcs", "ec2:DescribeRegions",
	},
}
