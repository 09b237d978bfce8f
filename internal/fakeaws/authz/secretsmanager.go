package authz

import "strings"

// Secrets Manager, from "Actions, resources, and condition keys for AWS
// Secrets Manager"
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecretsmanager.html):
// a secret's ARN is its name, a hyphen and six random characters, which
// exist before the create is authorized (a policy names a secret as
// NAME-??????); CreateSecret with tags is also authorized as
// secretsmanager:TagResource.
func init() {
	register("secretsmanager", map[string]rule{
		"CreateSecret":        smCreate,
		"DescribeSecret":      smOnSecret,
		"GetSecretValue":      smOnSecret,
		"PutSecretValue":      smOnSecret,
		"UpdateSecret":        smOnSecret,
		"RestoreSecret":       smOnSecret,
		"DeleteSecret":        smOnSecret,
		"TagResource":         smTags(true),
		"UntagResource":       smTags(false),
		"ListSecrets":         star("secretsmanager"),
		"GetRandomPassword":   star("secretsmanager"),
		"BatchGetSecretValue": star("secretsmanager"),
	})
}

// smNewSuffix stands for the six random characters of a new secret's ARN.
const smNewSuffix = "-a1B2c3"

func (c *Call) smTags() map[string]string { return c.jsonTags("Tags", "Key", "Value") }

func smCreate(c *Call) []Check {
	name := c.str("Name")
	arn := c.arn("secretsmanager", c.Region, "secret:"+name+smNewSuffix)
	tags := c.smTags()
	x := ctx{}.requestTags(tags).with("secretsmanager:Name", name)
	checks := []Check{{Action: "secretsmanager:CreateSecret", Resource: arn, Context: x.clone()}}
	if len(tags) > 0 {
		checks = append(checks, Check{Action: "secretsmanager:TagResource", Resource: arn, Context: x.clone()})
	}
	return checks
}

// secret is the ARN of the secret a request names by name or ARN; a
// secret that does not exist keeps what was named, under the type's ARN.
func (c *Call) secret() string {
	id := c.str("SecretId")
	if arn := c.State.Find("secretsmanager:secret", id); arn != "" {
		return arn
	}
	if strings.HasPrefix(id, "arn:") {
		return id
	}
	return c.arn("secretsmanager", c.Region, "secret:"+id)
}

func smOnSecret(c *Call) []Check { return []Check{c.on("secretsmanager:"+c.Action, c.secret(), ctx{})} }

func smTags(add bool) rule {
	return func(c *Call) []Check {
		x := ctx{}
		if add {
			x.requestTags(c.smTags())
		} else {
			x.tagKeys(sortedStrings(c.list("TagKeys")))
		}
		return []Check{c.on("secretsmanager:"+c.Action, c.secret(), x)}
	}
}
