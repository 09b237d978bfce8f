package desired

// Network is the VPC and what routes traffic in and out of it.
type Network struct {
	// IPv4 CIDR of the VPC, e.g. "10.0.0.0/16". Cannot change in place.
	CIDR string `yaml:"cidr" json:"cidr"`
	// Amazon DNS resolver in the VPC. Default true (Cloud Map needs it).
	EnableDNSSupport *bool `yaml:"enable_dns_support,omitempty" json:"enable_dns_support,omitempty"`
	// DNS host names for instances. Default true (the seed enables them).
	EnableDNSHostnames *bool `yaml:"enable_dns_hostnames,omitempty" json:"enable_dns_hostnames,omitempty"`
	// Public subnets, one per availability zone; they hold the ALB and NAT.
	// Each is addressed network.subnet.public-<zone letter>.
	PublicSubnets []Subnet `yaml:"public_subnets" json:"public_subnets"`
	// Private subnets, one per availability zone; they hold tasks and the
	// database. Each is addressed network.subnet.private-<zone letter>.
	PrivateSubnets []Subnet `yaml:"private_subnets" json:"private_subnets"`
	// Number of NAT gateways: 1 (default, one shared route table, the
	// seed's cost choice) or one per availability zone (one private route
	// table per zone, each to its own zone's NAT).
	NATGateways *int `yaml:"nat_gateways,omitempty" json:"nat_gateways,omitempty"`
}

// Subnet is one subnet in one availability zone.
type Subnet struct {
	// Full availability zone name, e.g. "us-east-1a"; must be in the region.
	Zone string `yaml:"zone" json:"zone"`
	// IPv4 CIDR inside the VPC's, not overlapping any other subnet.
	CIDR string `yaml:"cidr" json:"cidr"`
}

// SecurityGroup is one VPC security group; its key in the file is its
// short name (network.security_group.<key>).
type SecurityGroup struct {
	// Description (cannot change in place). Default "everruns <env> <name>".
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// Inbound rules.
	Ingress []Rule `yaml:"ingress,omitempty" json:"ingress,omitempty"`
	// Outbound rules. Omitted: allow all (AWS's default rule). An empty
	// list `[]` revokes all outbound traffic.
	Egress []Rule `yaml:"egress,omitempty" json:"egress,omitempty"`
}

// Rule is one security-group rule with exactly one source (or destination):
// cidr, group, or self.
type Rule struct {
	// tcp, udp, icmp, or all (also written -1). Default tcp.
	Protocol string `yaml:"protocol,omitempty" json:"protocol,omitempty"`
	// A single port; shorthand for from_port = to_port = port.
	Port int `yaml:"port,omitempty" json:"port,omitempty"`
	// First port of a range (tcp/udp), 1–65535.
	FromPort int `yaml:"from_port,omitempty" json:"from_port,omitempty"`
	// Last port of a range (tcp/udp), 1–65535, ≥ from_port.
	ToPort int `yaml:"to_port,omitempty" json:"to_port,omitempty"`
	// IPv4 CIDR source, e.g. "0.0.0.0/0".
	CIDR string `yaml:"cidr,omitempty" json:"cidr,omitempty"`
	// Another security group of this file, by its key.
	Group string `yaml:"group,omitempty" json:"group,omitempty"`
	// The group itself (traffic between members).
	Self bool `yaml:"self,omitempty" json:"self,omitempty"`
	// Free text shown in the console.
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
}
