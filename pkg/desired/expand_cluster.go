package desired

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/iampolicy"
)

const (
	addrCluster   = Address("cluster.ecs")
	addrLogGroup  = Address("cluster.log_group")
	addrExecRole  = Address("cluster.role.execution")
	addrTaskRole  = Address("cluster.role.task")
	addrNamespace = Address("cluster.namespace")

	executionPolicyARN = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
	// inlinePolicyName is the name of the one inline policy the
	// reconciler writes on a role.
	inlinePolicyName = "everruns"
	ecsTasksTrust    = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
)

func (x *expander) cluster() {
	c := x.env.Cluster
	x.add(addrCluster, names.KindCluster, c.Name, map[string]any{
		names.Cluster.ClusterName:       c.Name,
		names.Cluster.ContainerInsights: c.ContainerInsights,
	}, nil, map[string]string{names.Cluster.ClusterName: "an ECS cluster cannot be renamed"})
	x.add(addrLogGroup, names.KindLogGroup, c.LogGroup.Name, map[string]any{
		names.LogGroup.LogGroupName:    c.LogGroup.Name,
		names.LogGroup.RetentionInDays: int64(c.LogGroup.RetentionDays),
	}, nil, map[string]string{names.LogGroup.LogGroupName: "a log group cannot be renamed"})
	x.role(addrExecRole, c.ExecutionRole, []string{executionPolicyARN}, x.executionStatements(x.containers()))
	x.role(addrTaskRole, c.TaskRole, nil, nil)
	x.add(addrNamespace, names.KindNamespace, c.Namespace, map[string]any{
		names.Namespace.Name:  c.Namespace,
		names.Namespace.VPCID: ref(addrVPC),
	}, []Address{addrVPC}, map[string]string{
		names.Namespace.Name:  "a namespace cannot be renamed",
		names.Namespace.VPCID: "a private namespace cannot move to another VPC",
	})
}

type statement struct {
	Effect   string   `json:"Effect"`
	Action   []string `json:"Action"`
	Resource []string `json:"Resource"`
}

// role adds an IAM role. Its documents are emitted in iampolicy's
// canonical form, the form the adapter reports IAM's documents in, so a
// report shows both sides alike.
func (x *expander) role(a Address, r Role, managed []string, generated []statement) *Resource {
	for _, s := range r.Statements {
		generated = append(generated, statement{s.Effect, s.Actions, s.Resources})
	}
	inline := map[string]any{}
	if len(generated) > 0 {
		doc, _ := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": generated})
		inline[inlinePolicyName] = canonicalPolicy(string(doc))
	}
	return x.add(a, names.KindRole, r.Name, map[string]any{
		names.Role.RoleName:          r.Name,
		names.Role.AssumeRolePolicy:  canonicalPolicy(ecsTasksTrust),
		names.Role.ManagedPolicyARNs: toSet(append(managed, r.ManagedPolicies...)),
		names.Role.InlinePolicies:    inline,
	}, nil, map[string]string{names.Role.RoleName: "an IAM role cannot be renamed"})
}

// canonicalPolicy is doc in iampolicy's canonical form. The documents
// built here always parse; should one not, it stays as it is and the
// drift shows it.
func canonicalPolicy(doc string) JSON {
	if c, err := iampolicy.Canonical(doc); err == nil {
		return JSON(c)
	}
	return JSON(doc)
}

// executionStatements let ECS read exactly the secrets the containers
// reference, registry credentials included (errata 4), and decrypt them
// when a customer KMS key encrypts them.
func (x *expander) executionStatements(containers []Container) []statement {
	used := map[string]bool{}
	for _, c := range containers {
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

// containers lists every service's and task's container, by sorted key
// (the reconciler has its own execution role).
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
