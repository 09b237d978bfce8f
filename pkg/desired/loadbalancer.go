package desired

// LoadBalancer is the application load balancer with its listeners,
// target groups and path rules.
type LoadBalancer struct {
	// Name, ≤ 32 characters, alphanumerics and hyphens, not starting or
	// ending with a hyphen. Default "everruns-<env>".
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
	// Internal (private) instead of internet-facing. Default false.
	Internal bool `yaml:"internal,omitempty" json:"internal,omitempty"`
	// Deletion protection. Default true (the seed's choice).
	DeletionProtection *bool `yaml:"deletion_protection,omitempty" json:"deletion_protection,omitempty"`
	// Idle timeout in seconds (1–4000). Default 60.
	IdleTimeoutSeconds int `yaml:"idle_timeout_seconds,omitempty" json:"idle_timeout_seconds,omitempty"`
	// Security groups (keys under security_groups:). Default [alb].
	SecurityGroups []string `yaml:"security_groups,omitempty" json:"security_groups,omitempty"`
	// The HTTP and HTTPS listeners.
	Listeners Listeners `yaml:"listeners" json:"listeners"`
	// Target groups by short name (loadbalancer.target_group.<key>).
	TargetGroups map[string]TargetGroup `yaml:"target_groups,omitempty" json:"target_groups,omitempty"`
	// Path rules of the HTTPS listener (of HTTP if there is no HTTPS), by
	// short name (loadbalancer.rule.<key>).
	Rules map[string]ListenerRule `yaml:"rules,omitempty" json:"rules,omitempty"`
	// Say that anyone on the internet may call the API. The Everruns API
	// builds check no credentials on their agent and session routes,
	// whatever AUTH_MODE says, so an internet-facing listener that
	// forwards to one, on a port its security groups open to 0.0.0.0/0 or
	// ::/0, is refused unless this is true. Restrict the load balancer's
	// security group to known addresses, or make it internal, instead.
	// Default false.
	AllowAnonymousAPI bool `yaml:"allow_anonymous_api,omitempty" json:"allow_anonymous_api,omitempty"`
}

// Listeners are at most one HTTP and one HTTPS listener.
type Listeners struct {
	HTTP  *Listener `yaml:"http,omitempty" json:"http,omitempty"`
	HTTPS *Listener `yaml:"https,omitempty" json:"https,omitempty"`
}

// Listener is one listener; its default action either redirects to HTTPS
// or forwards to a target group.
type Listener struct {
	// Port. Default 80 for http, 443 for https.
	Port int `yaml:"port,omitempty" json:"port,omitempty"`
	// Redirect every request to HTTPS (301).
	RedirectToHTTPS bool `yaml:"redirect_to_https,omitempty" json:"redirect_to_https,omitempty"`
	// Target group (key) that gets requests no rule matched.
	DefaultTargetGroup string `yaml:"default_target_group,omitempty" json:"default_target_group,omitempty"`
	// Certificate (key under certificates:); required for https. The
	// listener is created only once the certificate is ISSUED.
	Certificate string `yaml:"certificate,omitempty" json:"certificate,omitempty"`
	// TLS policy. Default "ELBSecurityPolicy-TLS13-1-2-2021-06".
	SSLPolicy string `yaml:"ssl_policy,omitempty" json:"ssl_policy,omitempty"`
}

// TargetGroup is an IP target group (Fargate tasks register by IP).
type TargetGroup struct {
	// Name, ≤ 32 characters, alphanumerics and hyphens. Default
	// "everruns-<env>-<key>".
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
	// Port the targets listen on.
	Port int `yaml:"port" json:"port"`
	// HTTP or HTTPS. Default HTTP.
	Protocol string `yaml:"protocol,omitempty" json:"protocol,omitempty"`
	// Health check (path required).
	HealthCheck TargetHealthCheck `yaml:"health_check" json:"health_check"`
	// Seconds to drain a deregistering target (0–3600). Default 30 (AWS's
	// 300 makes every deployment five minutes slower).
	DeregistrationDelaySeconds *int `yaml:"deregistration_delay_seconds,omitempty" json:"deregistration_delay_seconds,omitempty"`
}

// TargetHealthCheck is how the load balancer decides a target is healthy.
type TargetHealthCheck struct {
	// HTTP path, starting with "/".
	Path string `yaml:"path" json:"path"`
	// Expected status codes, e.g. "200" or "200-299". Default "200".
	Matcher string `yaml:"matcher,omitempty" json:"matcher,omitempty"`
	// Seconds between checks (5–300). Default 30.
	IntervalSeconds int `yaml:"interval_seconds,omitempty" json:"interval_seconds,omitempty"`
	// Seconds before a check fails (2–120, < interval). Default 5.
	TimeoutSeconds int `yaml:"timeout_seconds,omitempty" json:"timeout_seconds,omitempty"`
	// Successes before healthy (2–10). Default 2.
	HealthyThreshold int `yaml:"healthy_threshold,omitempty" json:"healthy_threshold,omitempty"`
	// Failures before unhealthy (2–10). Default 3.
	UnhealthyThreshold int `yaml:"unhealthy_threshold,omitempty" json:"unhealthy_threshold,omitempty"`
}

// ListenerRule forwards requests whose path matches to a target group.
type ListenerRule struct {
	// Priority, unique, 1–50000; lower is evaluated first.
	Priority int `yaml:"priority" json:"priority"`
	// Path patterns, e.g. "/api/*" (at most 5 per rule).
	Paths []string `yaml:"paths" json:"paths"`
	// Target group (key).
	TargetGroup string `yaml:"target_group" json:"target_group"`
}
