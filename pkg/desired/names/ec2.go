package names

// Kinds of EC2.
const (
	KindVPC             = "ec2.vpc"
	KindSubnet          = "ec2.subnet"
	KindInternetGateway = "ec2.internet_gateway"
	KindElasticIP       = "ec2.elastic_ip"
	KindNATGateway      = "ec2.nat_gateway"
	KindRouteTable      = "ec2.route_table"
	KindSecurityGroup   = "ec2.security_group"
)

// Field names of EC2's kinds (docs/resources.md).
var (
	VPC = kind[struct {
		CIDRBlock          string `field:"cidr_block"`
		EnableDNSSupport   string `field:"enable_dns_support"`
		EnableDNSHostnames string `field:"enable_dns_hostnames"`
		Tags               string `field:"tags"`
	}](KindVPC)
	Subnet = kind[struct {
		VPCID               string `field:"vpc_id"`
		CIDRBlock           string `field:"cidr_block"`
		AvailabilityZone    string `field:"availability_zone"`
		MapPublicIPOnLaunch string `field:"map_public_ip_on_launch"`
		Tags                string `field:"tags"`
	}](KindSubnet)
	InternetGateway = kind[struct {
		VPCID string `field:"vpc_id"`
		Tags  string `field:"tags"`
	}](KindInternetGateway)
	ElasticIP = kind[struct {
		Domain string `field:"domain"`
		Tags   string `field:"tags"`
	}](KindElasticIP)
	NATGateway = kind[struct {
		SubnetID         string `field:"subnet_id"`
		AllocationID     string `field:"allocation_id"`
		ConnectivityType string `field:"connectivity_type"`
		Tags             string `field:"tags"`
	}](KindNATGateway)
	RouteTable = kind[struct {
		VPCID        string `field:"vpc_id"`
		Routes       string `field:"routes"`
		Associations string `field:"associations"`
		Tags         string `field:"tags"`
	}](KindRouteTable)
	SecurityGroup = kind[struct {
		VPCID       string `field:"vpc_id"`
		GroupName   string `field:"group_name"`
		Description string `field:"description"`
		Ingress     string `field:"ingress"`
		Egress      string `field:"egress"`
		Tags        string `field:"tags"`
	}](KindSecurityGroup)
)

// Route is an element of RouteTable.Routes.
var Route = fields[struct {
	Destination  string `field:"destination"`
	GatewayID    string `field:"gateway_id"`
	NATGatewayID string `field:"nat_gateway_id"`
}]()

// Rule is an element of SecurityGroup.Ingress and .Egress.
var Rule = fields[struct {
	Protocol            string `field:"protocol"`
	FromPort            string `field:"from_port"`
	ToPort              string `field:"to_port"`
	CIDR                string `field:"cidr"`
	SourceSecurityGroup string `field:"source_security_group"`
	Self                string `field:"self"`
	Description         string `field:"description"`
}]()
