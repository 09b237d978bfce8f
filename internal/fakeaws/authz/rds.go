package authz

import "strings"

// Amazon RDS, from "Actions, resources, and condition keys for Amazon RDS"
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonrds.html)
// and "Tagging Amazon RDS resources" (a create that carries tags is also
// authorized as rds:AddTagsToResource on the new resource). A create or
// modify of an instance is authorized on each resource its row lists that
// the request names: the instance (db), its subnet group (subgrp),
// parameter group (pg) and option group (og).
func init() {
	register("rds", map[string]rule{
		"CreateDBInstance":                   rdsCreate("db:", "DBInstanceIdentifier", "subgrp:DBSubnetGroupName", "pg:DBParameterGroupName", "og:OptionGroupName"),
		"ModifyDBInstance":                   rdsOn("db:DBInstanceIdentifier", "subgrp:DBSubnetGroupName", "pg:DBParameterGroupName", "og:OptionGroupName"),
		"RebootDBInstance":                   rdsOn("db:DBInstanceIdentifier"),
		"DeleteDBInstance":                   rdsOn("db:DBInstanceIdentifier"),
		"DescribeDBInstances":                rdsDescribe("db:DBInstanceIdentifier"),
		"CreateDBSubnetGroup":                rdsCreate("subgrp:", "DBSubnetGroupName"),
		"ModifyDBSubnetGroup":                rdsOn("subgrp:DBSubnetGroupName"),
		"DeleteDBSubnetGroup":                rdsOn("subgrp:DBSubnetGroupName"),
		"DescribeDBSubnetGroups":             rdsDescribe("subgrp:DBSubnetGroupName"),
		"CreateDBParameterGroup":             rdsCreate("pg:", "DBParameterGroupName"),
		"ModifyDBParameterGroup":             rdsOn("pg:DBParameterGroupName"),
		"ResetDBParameterGroup":              rdsOn("pg:DBParameterGroupName"),
		"DeleteDBParameterGroup":             rdsOn("pg:DBParameterGroupName"),
		"DescribeDBParameterGroups":          rdsDescribe("pg:DBParameterGroupName"),
		"DescribeDBParameters":               rdsDescribe("pg:DBParameterGroupName"),
		"AddTagsToResource":                  rdsTags(true),
		"RemoveTagsFromResource":             rdsTags(false),
		"ListTagsForResource":                func(c *Call) []Check { return []Check{c.on("rds:ListTagsForResource", c.str("ResourceName"), ctx{})} },
		"DescribeDBEngineVersions":           star("rds"),
		"DescribeOrderableDBInstanceOptions": star("rds"),
		"DescribePendingMaintenanceActions":  star("rds"),
	})
}

func (c *Call) rdsARN(resource string) string { return c.arn("rds", c.Region, resource) }

func (c *Call) rdsTags() map[string]string {
	tags := c.formTags("Tags.Tag")
	for k, v := range c.formTags("Tags.member") {
		tags[k] = v
	}
	return tags
}

// rdsNamed lists the ARNs of "type:Param" specs whose parameter is set.
func (c *Call) rdsNamed(specs []string) []string {
	var out []string
	for _, s := range specs {
		typ, param, _ := strings.Cut(s, ":")
		if v := c.str(param); v != "" {
			out = append(out, c.rdsARN(typ+":"+v))
		}
	}
	return out
}

func rdsCreate(typ, nameParam string, others ...string) rule {
	return func(c *Call) []Check {
		action := "rds:" + c.Action
		tags := c.rdsTags()
		x := ctx{}.requestTags(tags)
		arn := c.rdsARN(typ + c.str(nameParam))
		checks := []Check{{Action: action, Resource: arn, Context: x.clone()}}
		for _, o := range c.rdsNamed(others) {
			checks = append(checks, c.on(action, o, x))
		}
		if len(tags) > 0 {
			checks = append(checks, Check{Action: "rds:AddTagsToResource", Resource: arn, Context: x.clone()})
		}
		return checks
	}
}

func rdsOn(specs ...string) rule {
	return func(c *Call) []Check {
		var checks []Check
		for _, arn := range c.rdsNamed(specs) {
			checks = append(checks, c.on("rds:"+c.Action, arn, ctx{}))
		}
		return checks
	}
}

// rdsDescribe: a describe of one named resource is authorized on it, a
// listing on every resource of the type.
func rdsDescribe(spec string) rule {
	return func(c *Call) []Check {
		if named := c.rdsNamed([]string{spec}); len(named) > 0 {
			return []Check{c.on("rds:"+c.Action, named[0], ctx{})}
		}
		typ, _, _ := strings.Cut(spec, ":")
		return []Check{{Action: "rds:" + c.Action, Resource: c.rdsARN(typ + ":*"), Context: map[string][]string{}}}
	}
}

func rdsTags(add bool) rule {
	return func(c *Call) []Check {
		x := ctx{}
		if add {
			x.requestTags(c.rdsTags())
		} else {
			x.tagKeys(sortedStrings(c.list("TagKeys")))
		}
		return []Check{c.on("rds:"+c.Action, c.str("ResourceName"), x)}
	}
}
