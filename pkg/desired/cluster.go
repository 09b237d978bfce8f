package desired

// Cluster is the ECS cluster with what every service shares: the log
// group, the two IAM roles and the Cloud Map namespace.
type Cluster struct {
	// ECS cluster name. Default "everruns-<env>".
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
	// CloudWatch Container Insights. Default false (it costs per metric).
	ContainerInsights bool `yaml:"container_insights,omitempty" json:"container_insights,omitempty"`
	// Log group for every container.
	LogGroup LogGroup `yaml:"log_group,omitempty" json:"log_group,omitempty"`
	// Private DNS namespace for service discovery, e.g. "everruns.local".
	// Default "everruns.local".
	Namespace string `yaml:"namespace,omitempty" json:"namespace,omitempty"`
	// Role ECS uses to pull images and read secrets. The reconciler adds
	// what the file implies: logs, GetSecretValue on referenced secrets.
	ExecutionRole Role `yaml:"execution_role,omitempty" json:"execution_role,omitempty"`
	// Role the application's containers run as.
	TaskRole Role `yaml:"task_role,omitempty" json:"task_role,omitempty"`
}

// LogGroup is a CloudWatch Logs log group.
type LogGroup struct {
	// Name. Default "/ecs/everruns-<env>".
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
	// Retention in days, one of CloudWatch's values (1, 3, 5, 7, 14, 30,
	// 60, 90, …, 3653). Default 30.
	RetentionDays int `yaml:"retention_days,omitempty" json:"retention_days,omitempty"`
}

// Role is an IAM role assumed by ECS tasks.
type Role struct {
	// Role name. Default "everruns-<env>-execution" / "everruns-<env>-task".
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
	// ARNs of managed policies to attach.
	ManagedPolicies []string `yaml:"managed_policies,omitempty" json:"managed_policies,omitempty"`
	// Statements of the role's inline policy, in addition to generated ones.
	Statements []PolicyStatement `yaml:"statements,omitempty" json:"statements,omitempty"`
}

// PolicyStatement is one IAM policy statement.
type PolicyStatement struct {
	// Allow or Deny. Default Allow.
	Effect string `yaml:"effect,omitempty" json:"effect,omitempty"`
	// Actions, e.g. "s3:GetObject".
	Actions []string `yaml:"actions" json:"actions"`
	// Resource ARNs or patterns.
	Resources []string `yaml:"resources" json:"resources"`
}
