package iampolicy

import (
	"fmt"
	"strings"
)

// scope is how far an action can be narrowed, from each service's
// "Actions, resources, and condition keys" page. Where a page lists no
// resource type for an action (most Describe and List actions, Route 53's
// CreateHostedZone, Secrets Manager's GetRandomPassword) only "*" works.
// Where the resource's name is not known in advance (an EC2, ACM, ECS,
// ELBv2 or Cloud Map ID) the environment tag narrows it: the reconciler
// writes everruns:environment in every create call, so its creates pass
// aws:RequestTag and its later calls aws:ResourceTag. Where the name is
// known from the file (roles under their path, log groups, secrets, RDS
// names, the lease table) the ARN narrows it, which needs no tag at all.
type scope int

const (
	anyResource   scope = iota // "*": the action supports no narrower resource
	envTagged                  // "*" with aws:ResourceTag/everruns:environment
	envCreated                 // "*" with aws:RequestTag/everruns:environment
	envTagging                 // a tagging action: either of the two above
	ec2Tagged                  // EC2 ARNs of the tier's types with aws:ResourceTag
	ec2Created                 // ec2Tagged, and the created type with aws:RequestTag
	ec2Rules                   // ec2Tagged, and security group rules (untagged sub-resources)
	ec2CreateTags              // ec2Tagged, and any tag in a create call (ec2:CreateAction)
	iamRoles                   // the environment's role path
	iamPassRole                // the environment's role path, passed to ECS tasks only
	logGroups                  // the file's log groups
	secrets                    // the file's secrets
	rdsNamed                   // the file's DB instance, subnet and parameter groups
	leaseTable                 // the daemon's lease table
)

// scopeOf is the scope of every action a declared operation can need. An
// action missing here is an error, so that a new operation cannot reach
// the policy before someone has read its service's page.
func scopeOf(action string) (scope, error) {
	if s, ok := scopes[action]; ok {
		return s, nil
	}
	service, name, _ := strings.Cut(action, ":")
	reads := strings.HasPrefix(name, "Describe") || strings.HasPrefix(name, "List") || strings.HasPrefix(name, "Get")
	switch {
	case reads && service != "secretsmanager" && service != "dynamodb":
		// Reads are granted on "*": most support nothing narrower, and a
		// read of a configuration reveals no secret. Secret values and the
		// lease record are the exceptions, scoped below.
		return anyResource, nil
	case service == "ec2" && strings.HasPrefix(name, "Create") || service == "ec2" && name == "AllocateAddress":
		return ec2Created, nil
	case service == "ec2":
		return ec2Tagged, nil
	case service == "iam":
		return iamRoles, nil
	case service == "logs":
		return logGroups, nil
	case service == "secretsmanager":
		return secrets, nil
	case service == "rds":
		return rdsNamed, nil
	case service == "dynamodb":
		return leaseTable, nil
	case name == "TagResource" || name == "AddTags" || name == "AddTagsToCertificate":
		return envTagging, nil
	case service == "acm" || service == "ecs" || service == "elasticloadbalancing" || service == "servicediscovery":
		if strings.HasPrefix(name, "Create") || name == "RequestCertificate" || name == "RegisterTaskDefinition" {
			return envCreated, nil
		}
		return envTagged, nil
	}
	return 0, fmt.Errorf("no scope known for %s: read its service's Actions, resources, and condition keys page", action)
}

// scopes are the exceptions to scopeOf's rules.
var scopes = map[string]scope{
	"ec2:CreateTags":                       ec2CreateTags,
	"ec2:CreateRoute":                      ec2Tagged, // a route is part of its table: nothing is created
	"ec2:AuthorizeSecurityGroupIngress":    ec2Rules,
	"ec2:AuthorizeSecurityGroupEgress":     ec2Rules,
	"ec2:RevokeSecurityGroupIngress":       ec2Rules,
	"ec2:RevokeSecurityGroupEgress":        ec2Rules,
	"iam:ListRoles":                        anyResource,
	"iam:PassRole":                         iamPassRole,
	"secretsmanager:ListSecrets":           anyResource,
	"secretsmanager:GetRandomPassword":     anyResource,
	"route53:CreateHostedZone":             anyResource,
	"ecs:DeregisterTaskDefinition":         anyResource, // supports no resource type
	"servicediscovery:GetOperation":        anyResource,
	"ecs:RunTask":                          envTagged, // the task definition is the checked resource
	"servicediscovery:ListTagsForResource": anyResource,
}
