package awsconfig

import "strings"

// serviceLabels maps the SDK's service IDs ("Elastic Load Balancing v2")
// to the lower-case names AWS uses for the service in endpoints, IAM
// actions and ARNs ("elasticloadbalancing"), which is what a person
// filters metrics by.
var serviceLabels = map[string]string{
	"ACM":                       "acm",
	"CloudWatch Logs":           "logs",
	"DynamoDB":                  "dynamodb",
	"EC2":                       "ec2",
	"ECS":                       "ecs",
	"Elastic Load Balancing v2": "elasticloadbalancing",
	"IAM":                       "iam",
	"RDS":                       "rds",
	"Secrets Manager":           "secretsmanager",
	"ServiceDiscovery":          "servicediscovery",
	"STS":                       "sts",
	"SSO":                       "sso",
	"SSO OIDC":                  "sso-oauth",
}

// ServiceLabel is the aws_service label of the SDK service ID id: its
// endpoint prefix for the services the reconciler calls, else the ID in
// lower case without spaces.
func ServiceLabel(id string) string {
	if l, ok := serviceLabels[id]; ok {
		return l
	}
	return strings.ToLower(strings.ReplaceAll(id, " ", ""))
}
