package authz

// AWS Cloud Map, from "Actions, resources, and condition keys for AWS Cloud
// Map" (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudmap.html)
// and the Cloud Map "API permissions reference"
// (https://docs.aws.amazon.com/cloud-map/latest/dg/cloud-map-api-permissions-ref.html):
// a private DNS namespace is a Route 53 private hosted zone that Cloud Map
// creates with the caller's permissions, after reading the VPC; its
// deletion needs servicediscovery:DeleteNamespace only.
func init() {
	register("servicediscovery", map[string]rule{
		"CreatePrivateDnsNamespace": sdCreateNamespace,
		"DeleteNamespace":           sdOn("namespace/", "Id"),
		"GetNamespace":              sdOn("namespace/", "Id"),
		"CreateService":             sdCreateService,
		"UpdateService":             sdOn("service/", "Id"),
		"DeleteService":             sdOn("service/", "Id"),
		"GetService":                sdOn("service/", "Id"),
		"TagResource":               sdTags(true),
		"UntagResource":             sdTags(false),
		"ListTagsForResource": func(c *Call) []Check {
			return []Check{c.on("servicediscovery:ListTagsForResource", c.str("ResourceARN"), ctx{})}
		},
		"ListNamespaces": star("servicediscovery"),
		"ListServices":   star("servicediscovery"),
		"GetOperation":   star("servicediscovery"),
		"ListOperations": star("servicediscovery"),
	})
}

func (c *Call) sdTags() map[string]string { return c.jsonTags("Tags", "Key", "Value") }

func sdCreateNamespace(c *Call) []Check {
	x := ctx{}.requestTags(c.sdTags())
	checks := []Check{anyResource("servicediscovery:CreatePrivateDnsNamespace", x)}
	for _, a := range []string{"route53:CreateHostedZone", "route53:GetHostedZone", "route53:ListHostedZonesByName", "ec2:DescribeVpcs", "ec2:DescribeRegions"} {
		checks = append(checks, anyResource(a, ctx{}))
	}
	return checks
}

func sdCreateService(c *Call) []Check {
	x := ctx{}.requestTags(c.sdTags()).with("servicediscovery:ServiceName", c.str("Name"))
	ns := c.str("NamespaceId")
	return []Check{c.on("servicediscovery:CreateService", c.arn("servicediscovery", c.Region, "namespace/"+ns), x)}
}

func sdOn(typ, param string) rule {
	return func(c *Call) []Check {
		return []Check{c.on("servicediscovery:"+c.Action, c.arn("servicediscovery", c.Region, typ+c.str(param)), ctx{})}
	}
}

func sdTags(add bool) rule {
	return func(c *Call) []Check {
		x := ctx{}
		if add {
			x.requestTags(c.sdTags())
		} else {
			x.tagKeys(sortedStrings(c.list("TagKeys")))
		}
		return []Check{c.on("servicediscovery:"+c.Action, c.str("ResourceARN"), x)}
	}
}
