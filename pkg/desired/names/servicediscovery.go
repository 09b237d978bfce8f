package names

// Kinds of Cloud Map (servicediscovery).
const (
	KindNamespace        = "servicediscovery.private_dns_namespace"
	KindDiscoveryService = "servicediscovery.service"
)

// Field names of Cloud Map (servicediscovery)'s kinds (docs/resources.md).
var (
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
