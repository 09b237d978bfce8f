package names

// Kinds of Elastic Load Balancing (elbv2).
const (
	KindLoadBalancer = "elbv2.load_balancer"
	KindTargetGroup  = "elbv2.target_group"
	KindListener     = "elbv2.listener"
	KindListenerRule = "elbv2.listener_rule"
)

// Field names of Elastic Load Balancing (elbv2)'s kinds (docs/resources.md).
var (
	LoadBalancer = kind[struct {
		Name               string `field:"name"`
		Scheme             string `field:"scheme"`
		Type               string `field:"type"`
		Subnets            string `field:"subnets"`
		SecurityGroups     string `field:"security_groups"`
		DeletionProtection string `field:"deletion_protection"`
		IdleTimeout        string `field:"idle_timeout"`
		Tags               string `field:"tags"`
	}](KindLoadBalancer)
	TargetGroup = kind[struct {
		Name                string `field:"name"`
		Protocol            string `field:"protocol"`
		Port                string `field:"port"`
		TargetType          string `field:"target_type"`
		VPCID               string `field:"vpc_id"`
		HealthCheck         string `field:"health_check"`
		DeregistrationDelay string `field:"deregistration_delay"`
		Tags                string `field:"tags"`
	}](KindTargetGroup)
	Listener = kind[struct {
		LoadBalancerARN string `field:"load_balancer_arn"`
		Port            string `field:"port"`
		Protocol        string `field:"protocol"`
		DefaultAction   string `field:"default_action"`
		CertificateARN  string `field:"certificate_arn"`
		SSLPolicy       string `field:"ssl_policy"`
		Tags            string `field:"tags"`
	}](KindListener)
	ListenerRule = kind[struct {
		ListenerARN  string `field:"listener_arn"`
		Priority     string `field:"priority"`
		PathPatterns string `field:"path_patterns"`
		Action       string `field:"action"`
		Tags         string `field:"tags"`
	}](KindListenerRule)
)

// Keys of the maps inside load balancer fields: a target group's
// health_check, and a listener's default_action or a rule's action.
var (
	HealthCheck = fields[struct {
		Path               string `field:"path"`
		Matcher            string `field:"matcher"`
		IntervalSeconds    string `field:"interval_seconds"`
		TimeoutSeconds     string `field:"timeout_seconds"`
		HealthyThreshold   string `field:"healthy_threshold"`
		UnhealthyThreshold string `field:"unhealthy_threshold"`
	}]()
	Action = fields[struct {
		Type           string `field:"type"`
		TargetGroupARN string `field:"target_group_arn"`
		Protocol       string `field:"protocol"`
		Port           string `field:"port"`
		StatusCode     string `field:"status_code"`
		Host           string `field:"host"`
		Path           string `field:"path"`
		Query          string `field:"query"`
	}]()
)
