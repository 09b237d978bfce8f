package desired

// Container is what a long-running service and a one-off task share: one
// container on Fargate.
type Container struct {
	// Image repository without tag, e.g. "ghcr.io/everruns/everruns-api".
	Image string `yaml:"image" json:"image"`
	// Image tag, required: a mutable tag such as "latest" is refused,
	// because ECS resolves it at each task start, so the file would no
	// longer say what runs, and a new image would never roll out.
	Tag string `yaml:"tag,omitempty" json:"tag,omitempty"`
	// How the task definition names the image: "tag" (image:tag, no
	// registry call; the default) or "digest": every pass resolves the tag
	// with a HEAD of its manifest and names image@sha256:…, so a tag pushed
	// again rolls the service and a rollback returns to the exact image.
	// With "digest" a moving tag (latest) is allowed. A registry that
	// cannot answer keeps the digest in use. Default "tag".
	ImagePolicy string `yaml:"image_policy,omitempty" json:"image_policy,omitempty"`
	// The image has no shell and no curl (distroless or slim). A container
	// health check that needs either is then an error (errata 3).
	Distroless bool `yaml:"distroless,omitempty" json:"distroless,omitempty"`
	// Secret (key under secrets:) with {username, password} for a private
	// registry. Required for ghcr.io images (errata 4).
	RegistryCredentials string `yaml:"registry_credentials,omitempty" json:"registry_credentials,omitempty"`
	// Task CPU units; with memory one of the pairs Fargate accepts. Default 256.
	CPU int `yaml:"cpu,omitempty" json:"cpu,omitempty"`
	// Task memory in MiB. Default 512.
	Memory int `yaml:"memory,omitempty" json:"memory,omitempty"`
	// X86_64 or ARM64 (cheaper; Everruns images are multi-arch). Default X86_64.
	CPUArchitecture string `yaml:"cpu_architecture,omitempty" json:"cpu_architecture,omitempty"`
	// Entrypoint, overriding the image's ENTRYPOINT (temporalio/admin-tools
	// 1.24 sets it to "tini -- sleep infinity", so a command alone never
	// runs).
	EntryPoint []string `yaml:"entrypoint,omitempty" json:"entrypoint,omitempty"`
	// Command, overriding the image's CMD.
	Command []string `yaml:"command,omitempty" json:"command,omitempty"`
	// Plain environment variables. Values that look like credentials are
	// refused: use secrets.
	Environment map[string]string `yaml:"environment,omitempty" json:"environment,omitempty"`
	// Environment variables read from a secret's JSON key at task start.
	Secrets map[string]SecretRef `yaml:"secrets,omitempty" json:"secrets,omitempty"`
	// Security groups (keys). Default [ecs].
	SecurityGroups []string `yaml:"security_groups,omitempty" json:"security_groups,omitempty"`
}

// Image policies (Container.ImagePolicy).
const (
	// ImagePolicyTag names image:tag; ECS resolves it at each task start.
	ImagePolicyTag = "tag"
	// ImagePolicyDigest names image@sha256:…, resolved by the reconciler
	// at each pass (internal/registry).
	ImagePolicyDigest = "digest"
)

// SecretRef names one JSON key of one secret of the file.
type SecretRef struct {
	// Secret (key under secrets:).
	Secret string `yaml:"secret" json:"secret"`
	// JSON key; must be one the secret declares.
	Key string `yaml:"key" json:"key"`
}

// Service is a long-running ECS service of one container; its key is its
// short name (service.<key>).
type Service struct {
	Container `yaml:",inline"`
	// ECS service name and task family. Default "everruns-<key>".
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
	// Container port, 1–65535; omitted for a service that listens on none.
	Port int `yaml:"port,omitempty" json:"port,omitempty"`
	// Number of tasks, ≥ 0. Default 1.
	DesiredCount *int `yaml:"desired_count,omitempty" json:"desired_count,omitempty"`
	// Container health check. Leave it out for distroless images and let
	// the target group check instead.
	HealthCheck *ContainerHealthCheck `yaml:"health_check,omitempty" json:"health_check,omitempty"`
	// Target group (key under load_balancer.target_groups) that receives
	// the container port.
	TargetGroup string `yaml:"target_group,omitempty" json:"target_group,omitempty"`
	// Cloud Map name: <discovery>.<namespace> resolves to the tasks.
	Discovery string `yaml:"discovery,omitempty" json:"discovery,omitempty"`
	// Rolling deployment settings.
	Deployment Deployment `yaml:"deployment,omitempty" json:"deployment,omitempty"`
	// Services or tasks (keys) that must be in place first.
	After []string `yaml:"after,omitempty" json:"after,omitempty"`
}

// ContainerHealthCheck is an ECS container health check.
type ContainerHealthCheck struct {
	// Command, e.g. ["CMD", "/app/healthcheck"]; "CMD-SHELL" needs a shell.
	Command []string `yaml:"command" json:"command"`
	// Seconds between checks (5–300). Default 30.
	IntervalSeconds int `yaml:"interval_seconds,omitempty" json:"interval_seconds,omitempty"`
	// Seconds before a check fails (2–60). Default 5.
	TimeoutSeconds int `yaml:"timeout_seconds,omitempty" json:"timeout_seconds,omitempty"`
	// Failures before unhealthy (1–10). Default 3.
	Retries int `yaml:"retries,omitempty" json:"retries,omitempty"`
	// Grace period in seconds (0–300). Default 60.
	StartPeriodSeconds int `yaml:"start_period_seconds,omitempty" json:"start_period_seconds,omitempty"`
}

// Deployment is how ECS replaces tasks.
type Deployment struct {
	// Stop a failing deployment. Default true.
	CircuitBreaker *bool `yaml:"circuit_breaker,omitempty" json:"circuit_breaker,omitempty"`
	// Roll back when the circuit breaker trips. Default true.
	Rollback *bool `yaml:"rollback,omitempty" json:"rollback,omitempty"`
	// Lower bound of running tasks during a deployment, percent (0–100).
	// Default 100.
	MinimumHealthyPercent *int `yaml:"minimum_healthy_percent,omitempty" json:"minimum_healthy_percent,omitempty"`
	// Upper bound, percent (100–200 for one task to be replaced). Default 200.
	MaximumPercent *int `yaml:"maximum_percent,omitempty" json:"maximum_percent,omitempty"`
}

// Task is a one-off ECS task (database migrations, Temporal schema setup):
// run to completion once per change of its definition; its key is its
// short name (task.<key>).
type Task struct {
	Container `yaml:",inline"`
	// Task family. Default "everruns-<key>".
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
	// Services or tasks (keys) that must be in place first; the services
	// that list this task in their after: wait for it to succeed.
	After []string `yaml:"after,omitempty" json:"after,omitempty"`
}
