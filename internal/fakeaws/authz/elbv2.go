package authz

import "strings"

// Elastic Load Balancing V2, from "Actions, resources, and condition keys
// for AWS Elastic Load Balancing V2"
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselasticloadbalancingv2.html)
// and "Grant permissions to tag on creation"
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/tagging-resources.html):
// a create with Tags is also authorized as elasticloadbalancing:AddTags
// on the new resource, with elasticloadbalancing:CreateAction. The rows of
// CreateLoadBalancer, CreateListener and CreateRule list ELB resources
// only: the subnets, security groups and target groups they name are not
// authorized by IAM (ELB checks them itself).
func init() {
	register("elasticloadbalancing", map[string]rule{
		"CreateLoadBalancer":             elbCreate(func(c *Call) string { return "loadbalancer/" + elbLBType(c) + "/" + c.str("Name") + "/*" }, ""),
		"CreateTargetGroup":              elbCreate(func(c *Call) string { return "targetgroup/" + c.str("Name") + "/*" }, ""),
		"CreateListener":                 elbCreate(func(c *Call) string { return elbChild(c.str("LoadBalancerArn"), "loadbalancer/", "listener/") }, "LoadBalancerArn"),
		"CreateRule":                     elbCreate(func(c *Call) string { return elbChild(c.str("ListenerArn"), "listener/", "listener-rule/") }, "ListenerArn"),
		"ModifyLoadBalancerAttributes":   elbOn("LoadBalancerArn"),
		"SetSecurityGroups":              elbOn("LoadBalancerArn"),
		"SetSubnets":                     elbOn("LoadBalancerArn"),
		"SetIpAddressType":               elbOn("LoadBalancerArn"),
		"DeleteLoadBalancer":             elbOn("LoadBalancerArn"),
		"ModifyTargetGroup":              elbOn("TargetGroupArn"),
		"ModifyTargetGroupAttributes":    elbOn("TargetGroupArn"),
		"DeleteTargetGroup":              elbOn("TargetGroupArn"),
		"ModifyListener":                 elbOn("ListenerArn"),
		"DeleteListener":                 elbOn("ListenerArn"),
		"ModifyRule":                     elbOn("RuleArn"),
		"DeleteRule":                     elbOn("RuleArn"),
		"SetRulePriorities":              elbRulePriorities,
		"AddTags":                        elbTags(true),
		"RemoveTags":                     elbTags(false),
		"DescribeLoadBalancers":          star("elasticloadbalancing"),
		"DescribeLoadBalancerAttributes": star("elasticloadbalancing"),
		"DescribeTargetGroups":           star("elasticloadbalancing"),
		"DescribeTargetGroupAttributes":  star("elasticloadbalancing"),
		"DescribeTargetHealth":           star("elasticloadbalancing"),
		"DescribeListeners":              star("elasticloadbalancing"),
		"DescribeListenerCertificates":   star("elasticloadbalancing"),
		"DescribeRules":                  star("elasticloadbalancing"),
		"DescribeTags":                   star("elasticloadbalancing"),
	})
}

func elbLBType(c *Call) string {
	switch c.str("Type") {
	case "network":
		return "net"
	case "gateway":
		return "gwy"
	}
	return "app"
}

// elbChild is the ARN of a new child of parent: a listener of a load
// balancer, a rule of a listener, its own ID not yet known.
func elbChild(parent, from, to string) string {
	if !strings.Contains(parent, ":"+from) {
		return ""
	}
	return strings.Replace(parent, ":"+from, ":"+to, 1) + "/*"
}

func (c *Call) elbARN(resource string) string {
	return c.arn("elasticloadbalancing", c.Region, resource)
}

// elbCreate: the new resource with the request's tags, the parent it is
// created in (when parentParam is set), and AddTags when tagged.
func elbCreate(newResource func(c *Call) string, parentParam string) rule {
	return func(c *Call) []Check {
		action := "elasticloadbalancing:" + c.Action
		tags := c.formTags("Tags.member")
		x := ctx{}.requestTags(tags)
		newARN := newResource(c)
		if !strings.HasPrefix(newARN, "arn:") {
			newARN = c.elbARN(newARN)
		}
		checks := []Check{{Action: action, Resource: newARN, Context: x.clone()}}
		if parentParam != "" {
			if p := c.str(parentParam); p != "" {
				checks = append(checks, c.on(action, p, x))
			}
		}
		if len(tags) > 0 {
			checks = append(checks, Check{Action: "elasticloadbalancing:AddTags", Resource: newARN,
				Context: x.clone().with("elasticloadbalancing:CreateAction", c.Action)})
		}
		return checks
	}
}

func elbOn(param string) rule {
	return func(c *Call) []Check {
		return []Check{c.on("elasticloadbalancing:"+c.Action, c.str(param), ctx{})}
	}
}

func elbRulePriorities(c *Call) []Check {
	var checks []Check
	for i := 1; ; i++ {
		arn := c.Form.Get("RulePriorities.member." + itoa(i) + ".RuleArn")
		if arn == "" {
			return checks
		}
		checks = append(checks, c.on("elasticloadbalancing:SetRulePriorities", arn, ctx{}))
	}
}

func elbTags(add bool) rule {
	return func(c *Call) []Check {
		x := ctx{}
		if add {
			x.requestTags(c.formTags("Tags.member"))
		} else {
			x.tagKeys(sortedStrings(c.list("TagKeys")))
		}
		var checks []Check
		for _, arn := range c.list("ResourceArns") {
			checks = append(checks, c.on("elasticloadbalancing:"+c.Action, arn, x))
		}
		return checks
	}
}
