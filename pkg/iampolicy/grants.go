package iampolicy

import (
	"errors"
	"slices"
)

// ec2Types are the EC2 resource types of the network tier, as they appear
// in ARNs, and ec2Creates the type each create makes.
var (
	ec2Types   = []string{"elastic-ip", "internet-gateway", "natgateway", "route-table", "security-group", "subnet", "vpc"}
	ec2Creates = map[string]string{
		"ec2:CreateVpc": "vpc", "ec2:CreateSubnet": "subnet", "ec2:CreateInternetGateway": "internet-gateway",
		"ec2:AllocateAddress": "elastic-ip", "ec2:CreateNatGateway": "natgateway",
		"ec2:CreateRouteTable": "route-table", "ec2:CreateSecurityGroup": "security-group",
	}
)

type condition = map[string]map[string][]string

// grants are the (resources, condition) pairs action is allowed on.
func (in Input) grants(s scope, action string) ([]grant, error) {
	switch s {
	case anyResource:
		return []grant{{resources: []string{"*"}}}, nil
	case envTagged:
		return []grant{{[]string{"*"}, in.tags("aws:ResourceTag/")}}, nil
	case envCreated:
		return []grant{{[]string{"*"}, in.tags("aws:RequestTag/")}}, nil
	case envTagging:
		return []grant{{[]string{"*"}, in.tags("aws:ResourceTag/")}, {[]string{"*"}, in.tags("aws:RequestTag/")}}, nil
	case ec2Tagged, ec2Created, ec2Rules, ec2CreateTags:
		return in.ec2Grants(s, action), nil
	case iamRoles, iamPassRole:
		return in.roleGrants(s), nil
	}
	return in.namedGrants(s)
}

// tags is the condition that the environment's identity tags (project and
// environment: two projects may both have a "production") are prefix keys.
func (in Input) tags(prefix string) condition {
	return condition{"StringEquals": {
		prefix + "everruns:project": {in.Project},
		prefix + TagEnvironment:     {in.Environment},
	}}
}

func (in Input) ec2ARNs(types ...string) []string {
	out := make([]string, len(types))
	for i, t := range types {
		out[i] = in.arn("ec2", t+"/*")
	}
	return out
}

// ec2Grants: an EC2 action is authorized once per resource it touches, so
// it is granted on the tier's tagged resources, plus, for a create, the new
// resource whose tags are in the request (EC2's documented pattern), for a
// rule change the group's rules, and for CreateTags the tags of a create.
func (in Input) ec2Grants(s scope, action string) []grant {
	gs := []grant{{in.ec2ARNs(ec2Types...), in.tags("aws:ResourceTag/")}}
	switch s {
	case ec2Created:
		gs = append(gs, grant{in.ec2ARNs(ec2Creates[action]), in.tags("aws:RequestTag/")})
	case ec2Rules:
		gs = append(gs, grant{resources: in.ec2ARNs("security-group-rule")})
	case ec2CreateTags:
		var creates, types []string
		for _, a := range in.Actions {
			if t, ok := ec2Creates[a]; ok {
				creates, types = append(creates, a[len("ec2:"):]), append(types, t)
			}
		}
		slices.Sort(types)
		if len(creates) > 0 {
			gs = append(gs, grant{in.ec2ARNs(types...), condition{"StringEquals": {"ec2:CreateAction": creates}}})
		}
	}
	return gs
}

func (in Input) roleGrants(s scope) []grant {
	roles := []string{in.arn("iam", "role/everruns/"+in.Project+"/"+in.Environment+"/*")}
	if s == iamPassRole {
		return []grant{{roles, condition{"StringEquals": {"iam:PassedToService": {"ecs-tasks.amazonaws.com"}}}}}
	}
	return []grant{{resources: roles}}
}

func (in Input) namedGrants(s scope) ([]grant, error) {
	var arns []string
	switch s {
	case logGroups:
		for _, n := range in.LogGroups {
			arns = append(arns, in.arn("logs", "log-group:"+n), in.arn("logs", "log-group:"+n+":*"))
		}
	case secrets:
		for _, n := range in.Secrets {
			arns = append(arns, in.arn("secretsmanager", "secret:"+n+"-??????")) // AWS appends 6 random characters
		}
	case rdsNamed:
		for _, n := range in.DBNames {
			arns = append(arns, in.arn("rds", n))
		}
		// An instance is created and modified with an option group: the
		// engine's default one, whose name the file does not give.
		arns = append(arns, in.arn("rds", "og:*"))
	case leaseTable:
		if in.LeaseTable == "" {
			return nil, errors.New("a DynamoDB action needs the lease table's name")
		}
		arns = append(arns, in.arn("dynamodb", "table/"+in.LeaseTable))
	}
	if len(arns) == 0 {
		return nil, nil // the file names none: nothing to allow
	}
	slices.Sort(arns)
	return []grant{{resources: arns}}, nil
}
