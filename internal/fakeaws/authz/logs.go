package authz

import "strings"

// CloudWatch Logs, from "Actions, resources, and condition keys for Amazon
// CloudWatch Logs"
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html):
// the log-group resource is arn:…:log-group:NAME; CreateLogGroup with tags
// is also authorized as logs:TagResource.
func init() {
	register("logs", map[string]rule{
		"CreateLogGroup":        logsCreate,
		"DeleteLogGroup":        logsOnGroup,
		"PutRetentionPolicy":    logsOnGroup,
		"DeleteRetentionPolicy": logsOnGroup,
		"ListTagsLogGroup":      logsOnGroup,
		"TagLogGroup":           logsOnGroup,
		"UntagLogGroup":         logsOnGroup,
		"TagResource":           logsTags(true),
		"UntagResource":         logsTags(false),
		"ListTagsForResource": func(c *Call) []Check {
			return []Check{c.on("logs:ListTagsForResource", logsARN(c.str("resourceArn")), ctx{})}
		},
		"DescribeLogGroups": star("logs"),
	})
}

// logsARN drops the ":*" some ARNs of a log group end with (the form
// DescribeLogGroups returns), to the resource's own ARN.
func logsARN(arn string) string { return strings.TrimSuffix(arn, ":*") }

func (c *Call) logGroup() string { return c.arn("logs", c.Region, "log-group:"+c.str("logGroupName")) }

func (c *Call) logsTags() map[string]string {
	out := map[string]string{}
	m, _ := c.JSON["tags"].(map[string]any)
	for k, v := range m {
		s, _ := v.(string)
		out[k] = s
	}
	return out
}

func logsCreate(c *Call) []Check {
	tags := c.logsTags()
	x := ctx{}.requestTags(tags)
	checks := []Check{{Action: "logs:CreateLogGroup", Resource: c.logGroup(), Context: x.clone()}}
	if len(tags) > 0 {
		checks = append(checks, Check{Action: "logs:TagResource", Resource: c.logGroup(), Context: x.clone()})
	}
	return checks
}

func logsOnGroup(c *Call) []Check { return []Check{c.on("logs:"+c.Action, c.logGroup(), ctx{})} }

func logsTags(add bool) rule {
	return func(c *Call) []Check {
		x := ctx{}
		if add {
			x.requestTags(c.logsTags())
		} else {
			x.tagKeys(sortedStrings(c.list("tagKeys")))
		}
		return []Check{c.on("logs:"+c.Action, logsARN(c.str("resourceArn")), x)}
	}
}
