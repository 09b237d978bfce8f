package authz

// ACM, from "Actions, resources, and condition keys for AWS Certificate
// Manager"
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscertificatemanager.html):
// RequestCertificate with tags is also authorized as
// acm:AddTagsToCertificate on the new certificate.
func init() {
	register("acm", map[string]rule{
		"RequestCertificate":        acmRequest,
		"DescribeCertificate":       acmOn,
		"ListTagsForCertificate":    acmOn,
		"DeleteCertificate":         acmOn,
		"AddTagsToCertificate":      acmTags(true),
		"RemoveTagsFromCertificate": acmTags(false),
		"ListCertificates":          star("acm"),
	})
}

func (c *Call) acmTags() map[string]string { return c.jsonTags("Tags", "Key", "Value") }

func acmRequest(c *Call) []Check {
	arn := c.arn("acm", c.Region, "certificate/*")
	tags := c.acmTags()
	x := ctx{}.requestTags(tags)
	checks := []Check{{Action: "acm:RequestCertificate", Resource: arn, Context: x.clone()}}
	if len(tags) > 0 {
		checks = append(checks, Check{Action: "acm:AddTagsToCertificate", Resource: arn, Context: x.clone()})
	}
	return checks
}

func acmOn(c *Call) []Check { return []Check{c.on("acm:"+c.Action, c.str("CertificateArn"), ctx{})} }

func acmTags(add bool) rule {
	return func(c *Call) []Check {
		x := ctx{}
		tags := c.acmTags()
		if add {
			x.requestTags(tags)
		} else {
			var keys []string
			for k := range tags {
				keys = append(keys, k)
			}
			x.tagKeys(sortedStrings(keys))
		}
		return []Check{c.on("acm:"+c.Action, c.str("CertificateArn"), x)}
	}
}
