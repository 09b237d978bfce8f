package desired

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

const (
	addrCluster   = Address("cluster.ecs")
	addrLogGroup  = Address("cluster.log_group")
	addrExecRole  = Address("cluster.role.execution")
	addrTaskRole  = Address("cluster.role.task")
	addrNamespace = Address("cluster.namespace")

	executionPolicyARN = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
	ecsTasksTrust      = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
)

func (x *expander) cluster() {
	c := x.env.Cluster
	x.add(addrCluster, "ecs.cluster", c.Name, map[string]any{
		"cluster_name":       c.Name,
		"container_insights": c.ContainerInsights,
	}, nil, map[string]string{"cluster_name": "an ECS cluster cannot be renamed"})
	x.add(addrLogGroup, "logs.log_group", c.LogGroup.Name, map[string]any{
		"log_group_name":    c.LogGroup.Name,
		"retention_in_days": int64(c.LogGroup.RetentionDays),
	}, nil, map[string]string{"log_group_name": "a log group cannot be renamed"})
	x.role(addrExecRole, c.ExecutionRole, []string{executionPolicyARN}, x.executionStatements())
	x.role(addrTaskRole, c.TaskRole, nil, nil)
	x.add(addrNamespace, "servicediscovery.private_dns_namespace", c.Namespace, map[string]any{
		"name":   c.Namespace,
		"vpc_id": ref(addrVPC),
	}, []Address{addrVPC}, map[string]string{
		"name":   "a namespace cannot be renamed",
		"vpc_id": "a private namespace cannot move to another VPC",
	})
}

type statement struct {
	Effect   string   `json:"Effect"`
	Action   []string `json:"Action"`
	Resource []string `json:"Resource"`
}

func (x *expander) role(a Address, r Role, managed []string, generated []statement) {
	for _, s := range r.Statements {
		generated = append(generated, statement{s.Effect, s.Actions, s.Resources})
	}
	inline := map[string]any{}
	if len(generated) > 0 {
		doc, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": generated})
		inline["everruns"] = JSON(doc)
	}
	x.add(a, "iam.role", r.Name, map[string]any{
		"role_name":           r.Name,
		"assume_role_policy":  JSON(ecsTasksTrust),
		"managed_policy_arns": toSet(append(managed, r.ManagedPolicies...)),
		"inline_policies":     inline,
	}, nil, map[string]string{"role_name": "an IAM role cannot be renamed"})
}

// executionStatements let ECS read exactly the secrets the containers
// reference, registry credentials included (errata 4), and decrypt them
// when a customer KMS key encrypts them.
func (x *expander) executionStatements() []statement {
	used := map[string]bool{}
	for _, c := range x.containers() {
		if c.RegistryCredentials != "" {
			used[c.RegistryCredentials] = true
		}
		for _, r := range c.Secrets {
			used[r.Secret] = true
		}
	}
	var arns, keys []string
	for _, k := range sortedKeys(used) {
		s := x.env.Secrets[k]
		// Secrets Manager appends "-" and six random characters to ARNs.
		arns = append(arns, fmt.Sprintf("arn:%s:secretsmanager:%s:*:secret:%s-??????", x.partition(), x.env.Region, s.Name))
		if s.KMSKey != "" && !slices.Contains(keys, s.KMSKey) {
			keys = append(keys, s.KMSKey)
		}
	}
	var out []statement
	if len(arns) > 0 {
		out = append(out, statement{"Allow", []string{"secretsmanager:GetSecretValue"}, arns})
	}
	if len(keys) > 0 {
		out = append(out, statement{"Allow", []string{"kms:Decrypt"}, keys})
	}
	return out
}

func (x *expander) partition() string {
	if strings.HasPrefix(x.env.Region, "us-gov-") {
		return "aws-us-gov"
	}
	return "aws"
}

// containers lists every service's and task's container, by sorted key.
func (x *expander) containers() []Container {
	var out []Container
	for _, k := range sortedKeys(x.env.Services) {
		out = append(out, x.env.Services[k].Container)
	}
	for _, k := range sortedKeys(x.env.Tasks) {
		out = append(out, x.env.Tasks[k].Container)
	}
	return out
}
