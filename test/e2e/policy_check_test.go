package e2e

import (
	"fmt"
	"slices"

	"github.com/everruns/reconciler/pkg/iampolicy"
)

// checkPolicy compares the suites' calls with `reconciler iam-policy`:
//
//   - every operation the reconciler made needs only actions the policy
//     allows. Some suites replace resources (the engine's AllowReplace, the
//     command's --allow-replace), which the daemon never does, so calls are
//     checked against the --allow-replace policy, the widest one the
//     command prints;
//   - when the whole package ran, every action of the daemon's policy (no
//     --allow-replace) was needed by some call. The deletes of a
//     replacement are left out of this half: few suites replace anything.
//
// The check is per action; which resources and conditions the policy
// allows an action on is tested in pkg/iampolicy.
func checkPolicy(ops []string, whole bool) []string {
	needed, err := iampolicy.RequiresAll(ops)
	if err != nil {
		return []string{err.Error()}
	}
	flags := leaseFlags(ops)
	widest, err := policy(append(flags, "--allow-replace")...)
	if err != nil {
		return []string{err.Error()}
	}
	var problems []string
	for _, a := range needed {
		if !widest.Allows(a) {
			problems = append(problems, fmt.Sprintf("a suite's call needed %s, which the policy does not allow", a))
		}
	}
	if !whole {
		return problems
	}
	daemon, err := policy(flags...)
	if err != nil {
		return append(problems, err.Error())
	}
	return append(problems, unneeded(daemon.Actions(), needed)...)
}

// unneeded reports the allowed actions no call needed, except those
// notExercised explains, and those sometimesExercised names.
func unneeded(allowed, needed []string) []string {
	var problems []string
	for _, a := range allowed {
		_, known := notExercised[a]
		_, racy := sometimesExercised[a]
		switch used := slices.Contains(needed, a); {
		case !used && !known && !racy:
			problems = append(problems, fmt.Sprintf("the policy allows %s, which no suite needed", a))
		case used && known:
			problems = append(problems, fmt.Sprintf("%s is needed now: remove it from notExercised", a))
		}
	}
	return problems
}

// sometimesExercised are actions that only a race makes the reconciler
// call, so whether a run needs them depends on how the race went: two
// engines racing from empty without a lease sometimes leave the kept
// gateway attached to the twin VPC (it is detached first) or a subnet
// associated with the twin's table (the association is replaced).
var sometimesExercised = map[string]string{
	"ec2:DetachInternetGateway":        "TestTwoEnginesRacingFromEmptyEndWithOneResourcePerAddress, when the gateways split",
	"ec2:ReplaceRouteTableAssociation": "TestTwoEnginesRacingFromEmptyEndWithOneResourcePerAddress, when the tables split",
}

// notExercised lists the actions of the daemon's policy that no suite
// makes the reconciler call yet, each with why: the e2e coverage still
// owed. It must shrink, never grow without a reason.
var notExercised = map[string]string{
	"acm:RemoveTagsFromCertificate":   "no suite adds a stray tag to the certificate",
	"ec2:DeleteRoute":                 "no suite adds a stray route",
	"ec2:DisassociateRouteTable":      "no suite associates a stray subnet",
	"elasticloadbalancing:ModifyRule": "no suite changes a rule's paths or target group",
	"elasticloadbalancing:RemoveTags": "no suite adds a stray tag to a load balancer resource",
	"elasticloadbalancing:SetSubnets": "no suite moves the load balancer to other subnets",
	"iam:DeleteRolePolicy":            "no suite adds a stray inline policy",
	"iam:GetRole":                     "no suite loses a CreateRole answer",
	"iam:UntagRole":                   "no suite adds a stray tag to a role",
	"logs:DeleteRetentionPolicy":      "the shipped file sets every retention",
	"logs:UntagResource":              "no suite adds a stray tag to a log group",
	"rds:ModifyDBSubnetGroup":         "no suite changes the subnet group's subnets",
	"rds:RebootDBInstance":            "no suite changes a static parameter",
	"rds:RemoveTagsFromResource":      "no suite adds a stray tag to an RDS resource",
	"rds:ResetDBParameterGroup":       "no suite adds a stray parameter",
	"secretsmanager:UntagResource":    "no suite adds a stray tag to a secret",
	"secretsmanager:UpdateSecret":     "no suite changes a secret's description or key",
	"servicediscovery:UntagResource":  "no suite adds a stray tag to a namespace or service",
}
