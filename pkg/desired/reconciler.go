package desired

import "reflect"

// Reconciler declares the reconciler itself, as `flux bootstrap` does: its
// own Fargate service, following this file in git, with its own task
// role whose policy is generated from this very file. One apply from a
// laptop creates it; the daemon keeps everything, itself included, from
// then on. Its service always deploys with the circuit breaker and
// rollback, and its role is never deleted or replaced.
//
// suspend, freeze_windows and override_token say when the reconciler may
// act, wherever it runs; a section with only those declares no service.
type Reconciler struct {
	// Every pass only observes: drift is reported, nothing is changed
	// (and apply only reports). A commit like any other, so audited.
	Suspend bool `yaml:"suspend,omitempty" json:"suspend,omitempty"`
	// Windows in which the daemon's passes only observe (a release
	// freeze, a holiday), unless the commit carries override_token.
	FreezeWindows []FreezeWindow `yaml:"freeze_windows,omitempty" json:"freeze_windows,omitempty"`
	// Break-glass: a commit whose message contains this text is acted on
	// inside a freeze window (never when suspended). At least 8
	// characters, e.g. "[freeze-override]".
	OverrideToken string `yaml:"override_token,omitempty" json:"override_token,omitempty"`

	// Image repository of the reconciler without tag, e.g.
	// "ghcr.io/everruns/reconciler".
	Image string `yaml:"image,omitempty" json:"image,omitempty"`
	// Image tag, required and pinned ("latest" and other mutable tags are
	// refused, as for services).
	Tag string `yaml:"tag,omitempty" json:"tag,omitempty"`
	// Secret (key under secrets:) with {username, password} for a private
	// registry. Required for ghcr.io images (errata 4).
	RegistryCredentials string `yaml:"registry_credentials,omitempty" json:"registry_credentials,omitempty"`
	// HTTPS URL of the git repository holding this file, without
	// credentials (put a token in git_token_secret).
	GitURL string `yaml:"git_url,omitempty" json:"git_url,omitempty"`
	// Branch to follow. Default "main".
	GitBranch string `yaml:"git_branch,omitempty" json:"git_branch,omitempty"`
	// Path of this file in the repository. Default "deploy/environment.yaml".
	GitPath string `yaml:"git_path,omitempty" json:"git_path,omitempty"`
	// Secret (key under secrets:) with the key "token": an HTTPS token for
	// a private repository, given to the daemon as $GIT_TOKEN.
	GitTokenSecret string `yaml:"git_token_secret,omitempty" json:"git_token_secret,omitempty"`
	// Secret (key under secrets:) with the key "secret": the GitHub
	// webhook's secret. With it the daemon serves the push webhook.
	WebhookSecret string `yaml:"webhook_secret,omitempty" json:"webhook_secret,omitempty"`
	// Path of the webhook on the load balancer, e.g. "/hooks/github": a
	// listener rule forwards it to the daemon's port 8080 (health check
	// /healthz). Needs load_balancer and webhook_secret.
	WebhookPath string `yaml:"webhook_path,omitempty" json:"webhook_path,omitempty"`
	// Priority of the webhook's listener rule, unique among the rules,
	// 1–50000. Default 1 (the path is exact, so it goes first).
	WebhookPriority int `yaml:"webhook_priority,omitempty" json:"webhook_priority,omitempty"`
	// DynamoDB table of the lease between replicas (run --lease-table);
	// required when desired_count is above 1.
	LeaseTable string `yaml:"lease_table,omitempty" json:"lease_table,omitempty"`
	// Replicas, 0 or more. Default 1; above 1 needs lease_table.
	DesiredCount *int `yaml:"desired_count,omitempty" json:"desired_count,omitempty"`
	// Task CPU units; with memory one of the pairs Fargate accepts. Default 256.
	CPU int `yaml:"cpu,omitempty" json:"cpu,omitempty"`
	// Task memory in MiB. Default 512.
	Memory int `yaml:"memory,omitempty" json:"memory,omitempty"`
	// X86_64 or ARM64. Default X86_64.
	CPUArchitecture string `yaml:"cpu_architecture,omitempty" json:"cpu_architecture,omitempty"`
	// Resync interval of the daemon (run --interval), a Go duration.
	// Default "1m".
	Interval string `yaml:"interval,omitempty" json:"interval,omitempty"`
	// Security groups (keys) of its tasks. Default [ecs]. They must let
	// the tasks reach AWS's and the git host's HTTPS endpoints, and with
	// webhook_path let the load balancer reach port 8080.
	SecurityGroups []string `yaml:"security_groups,omitempty" json:"security_groups,omitempty"`

	hosted bool // a key of its own service was written (see Hosted)
}

// Hosted says whether the section declares the reconciler's own service:
// any key besides suspend, freeze_windows and override_token was written.
func (r *Reconciler) Hosted() bool { return r != nil && r.hosted }

// SelfHosted is the reconciler section when it declares the reconciler's
// own service, nil otherwise.
func (e *Environment) SelfHosted() *Reconciler {
	if e.Reconciler.Hosted() {
		return e.Reconciler
	}
	return nil
}

// writtenHosting says whether any key of the reconciler's own service was
// written, before defaults fill them.
func writtenHosting(r Reconciler) bool {
	r.Suspend, r.FreezeWindows, r.OverrideToken, r.hosted = false, nil, "", false
	return !reflect.ValueOf(r).IsZero()
}

// Defaults and fixed values of the reconciler's own service.
const (
	DefaultReconcilerInterval = "1m"
	DefaultReconcilerPriority = 1
	// ReconcilerPort is the daemon's one HTTP port (run --listen).
	ReconcilerPort = 8080
	// reconcilerKey names its container, its log streams' prefix and its
	// target group.
	reconcilerKey = "reconciler"
	// gitTokenVar and webhookSecretVar are the environment variables the
	// secrets reach the daemon through: $GIT_TOKEN is what run reads by
	// default, and run --webhook-secret-env names the other.
	gitTokenVar      = "GIT_TOKEN"
	webhookSecretVar = "WEBHOOK_SECRET"
)

// GeneratedPolicy stands, in the expansion, for the reconciler's own
// task-role policy: the least-privilege policy for the very resources the
// file expands to. Only the adapters know which operations each kind
// calls, and pkg/desired cannot import them (they import it), so the
// expansion leaves this marker and the layer that knows the adapters
// (internal/taskpolicy.Resources, used by the command line and the
// daemon's passes) replaces it with the document before the engine sees
// the resources. It is a distinct type, not a JSON value, so that a
// resource that missed the replacement can never be written: the IAM
// adapter refuses any inline policy that is not a document.
type GeneratedPolicy struct {
	// LeaseTable is the daemon's lease table, whose actions the policy
	// includes ("" without one).
	LeaseTable string
}

func defaultReconciler(e *Environment) {
	r := e.Reconciler
	if r == nil {
		return
	}
	if r.hosted = writtenHosting(*r); !r.hosted {
		return
	}
	setStr(&r.GitBranch, "main")
	setStr(&r.GitPath, "deploy/environment.yaml")
	setStr(&r.Interval, DefaultReconcilerInterval)
	setInt(&r.DesiredCount, 1)
	setIntZero(&r.WebhookPriority, DefaultReconcilerPriority)
	c := Container{CPU: r.CPU, Memory: r.Memory, CPUArchitecture: r.CPUArchitecture, SecurityGroups: r.SecurityGroups}
	defaultContainer(&c)
	r.CPU, r.Memory, r.CPUArchitecture, r.SecurityGroups = c.CPU, c.Memory, c.CPUArchitecture, c.SecurityGroups
}

// container is the reconciler as one container of the file's vocabulary:
// the daemon following the branch, with its secrets as environment
// variables (ECS injects them at task start; nothing is mounted).
func (r *Reconciler) container() Container {
	// By tag: the reconciler's own rollout follows the file's pinned tag,
	// and never depends on reaching a registry.
	c := Container{Image: r.Image, Tag: r.Tag, ImagePolicy: ImagePolicyTag, RegistryCredentials: r.RegistryCredentials,
		CPU: r.CPU, Memory: r.Memory, CPUArchitecture: r.CPUArchitecture, SecurityGroups: r.SecurityGroups, Command: r.command()}
	if r.GitTokenSecret != "" || r.WebhookSecret != "" {
		c.Secrets = map[string]SecretRef{}
	}
	if r.GitTokenSecret != "" {
		c.Secrets[gitTokenVar] = SecretRef{Secret: r.GitTokenSecret, Key: "token"}
	}
	if r.WebhookSecret != "" {
		c.Secrets[webhookSecretVar] = SecretRef{Secret: r.WebhookSecret, Key: "secret"}
	}
	return c
}

// command is the daemon's command line (the image's entrypoint is the
// binary).
func (r *Reconciler) command() []string {
	cmd := []string{"run", "--git-url", r.GitURL, "--git-branch", r.GitBranch, "--git-path", r.GitPath,
		"--interval", r.Interval, "--listen", ":" + itoa(ReconcilerPort), "--log-format", "json"}
	if r.LeaseTable != "" {
		cmd = append(cmd, "--lease-table", r.LeaseTable)
	}
	if r.WebhookSecret != "" {
		cmd = append(cmd, "--webhook-secret-env", webhookSecretVar)
		if r.WebhookPath != "" {
			cmd = append(cmd, "--webhook-path", r.WebhookPath)
		}
	}
	return cmd
}
