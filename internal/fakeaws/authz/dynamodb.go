package authz

// DynamoDB, from "Actions, resources, and condition keys for Amazon
// DynamoDB"
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html):
// every table and item operation is authorized on the table.
func init() {
	onTable := func(c *Call) []Check {
		return []Check{c.on("dynamodb:"+c.Action, c.arn("dynamodb", c.Region, "table/"+c.str("TableName")), ctx{})}
	}
	register("dynamodb", map[string]rule{
		"CreateTable": onTable, "DescribeTable": onTable, "DeleteTable": onTable,
		"GetItem": onTable, "PutItem": onTable, "UpdateItem": onTable, "DeleteItem": onTable,
	})
}
