package names

// Kinds of the cluster tier.
const (
	KindCluster          = "ecs.cluster"
	KindLogGroup         = "logs.log_group"
	KindRole             = "iam.role"
	KindNamespace        = "servicediscovery.private_dns_namespace"
	KindDiscoveryService = "servicediscovery.service"
	KindTaskDefinition   = "ecs.task_definition"
	KindService          = "ecs.service"
	KindRunTask          = "ecs.run_task"
	KindLoadBalancer     = "elbv2.load_balancer"
	KindTargetGroup      = "elbv2.target_group"
	KindListener         = "elbv2.listener"
	KindListenerRule     = "elbv2.listener_rule"
)

// Field names of the cluster tier's kinds (docs/resources.md).
var (
	Cluster = kind[struct {
		ClusterName       string `field:"cluster_name"`
		ContainerInsights string `field:"container_insights"`
		Tags              string `field:"tags"`
	}](KindCluster)
	LogGroup = kind[struct {
		LogGroupName    string `field:"log_group_name"`
		RetentionInDays string `field:"retention_in_days"`
		Tags            string `field:"tags"`
	}](KindLogGroup)
	Role = kind[struct {
		RoleName          string `field:"role_name"`
		AssumeRolePolicy  string `field:"assume_role_policy"`
		ManagedPolicyARNs string `field:"managed_policy_arns"`
		InlinePolicies    string `field:"inline_policies"`
		Tags              string `field:"tags"`
	}](KindRole)
	Namespace = kind[struct {
		Name  string `field:"name"`
		VPCID string `field:"vpc_id"`
		Tags  string `field:"tags"`
	}](KindNamespace)
	DiscoveryService = kind[struct {
		Name             string `field:"name"`
		NamespaceID      string `field:"namespace_id"`
		DNSRecords       string `field:"dns_records"`
		RoutingPolicy    string `field:"routing_policy"`
		FailureThreshold string `field:"failure_threshold"`
		Tags             string `field:"tags"`
	}](KindDiscoveryService)
)

// DNSRecord is an element of DiscoveryService.DNSRecords.
var DNSRecord = fields[struct {
	Type string `field:"type"`
	TTL  string `field:"ttl"`
}]()
