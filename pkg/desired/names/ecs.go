package names

// Kinds of ECS.
const (
	KindCluster        = "ecs.cluster"
	KindTaskDefinition = "ecs.task_definition"
	KindService        = "ecs.service"
	KindRunTask        = "ecs.run_task"
)

// Bookkeeping tags on ECS resources that more than the adapter reads.
// TagContentHash on a task definition revision is the hash of its
// normalised definition. TagRollout and TagRolloutAt on a service are the
// content hash of the definition its last rollout went to, and when (Unix
// seconds). The hold tags are written by `reconciler rollback`: TagHold is
// the revision ARN the service is held on, TagHoldAgainst the revision ARN
// the file named when it was held (passes resume rolling out once the
// file names another), TagHoldFile the file's revision then, for people.
const (
	TagContentHash = "everruns:content-hash"
	TagRollout     = "everruns:rollout"
	TagRolloutAt   = "everruns:rollout-at"
	TagHold        = "everruns:hold"
	TagHoldAgainst = "everruns:hold-against"
	TagHoldFile    = "everruns:hold-file"
)

// AttrServiceHeld (reconcile.Live.Attrs) says, of a service a rollback
// holds, what holds it: "family:rev, held against file revision R".
const AttrServiceHeld = "held"

// Attributes (reconcile.Live.Attrs) of a service that the status page
// reads: its primary deployment's running and desired task counts and
// its rollout state (COMPLETED, IN_PROGRESS, FAILED).
const (
	AttrServiceRunning      = "running_count"
	AttrServiceDesired      = "desired_count"
	AttrServiceRolloutState = "rollout_state"
)

// Field names of ECS's kinds (docs/resources.md).
var (
	Cluster = kind[struct {
		ClusterName       string `field:"cluster_name"`
		ContainerInsights string `field:"container_insights"`
		Tags              string `field:"tags"`
	}](KindCluster)
	TaskDefinition = kind[struct {
		Family                  string `field:"family"`
		CPU                     string `field:"cpu"`
		Memory                  string `field:"memory"`
		NetworkMode             string `field:"network_mode"`
		RequiresCompatibilities string `field:"requires_compatibilities"`
		RuntimePlatform         string `field:"runtime_platform"`
		ExecutionRoleARN        string `field:"execution_role_arn"`
		TaskRoleARN             string `field:"task_role_arn"`
		ContainerDefinitions    string `field:"container_definitions"`
		Tags                    string `field:"tags"`
	}](KindTaskDefinition)
	Service = kind[struct {
		ServiceName       string `field:"service_name"`
		Cluster           string `field:"cluster"`
		TaskDefinition    string `field:"task_definition"`
		DesiredCount      string `field:"desired_count"`
		LaunchType        string `field:"launch_type"`
		Network           string `field:"network"`
		LoadBalancers     string `field:"load_balancers"`
		ServiceRegistries string `field:"service_registries"`
		Deployment        string `field:"deployment"`
		Tags              string `field:"tags"`
	}](KindService)
	RunTask = kind[struct {
		Cluster        string `field:"cluster"`
		TaskDefinition string `field:"task_definition"`
		LaunchType     string `field:"launch_type"`
		Network        string `field:"network"`
		Tags           string `field:"tags"`
	}](KindRunTask)
)

// Container is the one element of TaskDefinition.ContainerDefinitions.
var Container = fields[struct {
	Name                  string `field:"name"`
	Image                 string `field:"image"`
	Essential             string `field:"essential"`
	EntryPoint            string `field:"entrypoint"`
	Command               string `field:"command"`
	Environment           string `field:"environment"`
	Secrets               string `field:"secrets"`
	LogConfiguration      string `field:"log_configuration"`
	PortMappings          string `field:"port_mappings"`
	RepositoryCredentials string `field:"repository_credentials"`
	HealthCheck           string `field:"health_check"`
}]()

// ContainerSecret is a value of Container.Secrets.
var ContainerSecret = fields[struct {
	SecretARN string `field:"secret_arn"`
	Key       string `field:"key"`
}]()

// ContainerLog is Container.LogConfiguration (the awslogs driver).
var ContainerLog = fields[struct {
	LogGroup     string `field:"log_group"`
	Region       string `field:"region"`
	StreamPrefix string `field:"stream_prefix"`
}]()

// PortMapping is an element of Container.PortMappings.
var PortMapping = fields[struct {
	ContainerPort string `field:"container_port"`
	Protocol      string `field:"protocol"`
}]()

// ContainerHealth is Container.HealthCheck.
var ContainerHealth = fields[struct {
	Command     string `field:"command"`
	Interval    string `field:"interval"`
	Timeout     string `field:"timeout"`
	Retries     string `field:"retries"`
	StartPeriod string `field:"start_period"`
}]()

// RuntimePlatform is TaskDefinition.RuntimePlatform.
var RuntimePlatform = fields[struct {
	CPUArchitecture       string `field:"cpu_architecture"`
	OperatingSystemFamily string `field:"operating_system_family"`
}]()

// TaskNetwork is Service.Network and RunTask.Network (awsvpc).
var TaskNetwork = fields[struct {
	Subnets        string `field:"subnets"`
	SecurityGroups string `field:"security_groups"`
	AssignPublicIP string `field:"assign_public_ip"`
}]()

// LoadBalancerBinding is an element of Service.LoadBalancers.
var LoadBalancerBinding = fields[struct {
	TargetGroupARN string `field:"target_group_arn"`
	ContainerName  string `field:"container_name"`
	ContainerPort  string `field:"container_port"`
}]()

// ServiceRegistry is an element of Service.ServiceRegistries.
var ServiceRegistry = fields[struct {
	RegistryARN string `field:"registry_arn"`
}]()

// ServiceDeployment is Service.Deployment.
var ServiceDeployment = fields[struct {
	CircuitBreaker        string `field:"circuit_breaker"`
	Rollback              string `field:"rollback"`
	MinimumHealthyPercent string `field:"minimum_healthy_percent"`
	MaximumPercent        string `field:"maximum_percent"`
}]()
