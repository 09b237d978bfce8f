package lease

// Operations are the DynamoDB operations a lease makes, as
// "service:Operation" (kit.Operations' vocabulary): `reconciler
// iam-policy --lease-table` grants them on the table. CreateTable only
// when the table is missing; no PutItem or DeleteItem (see README, Lease).
var Operations = []string{"dynamodb:DescribeTable", "dynamodb:CreateTable", "dynamodb:GetItem", "dynamodb:UpdateItem"}
