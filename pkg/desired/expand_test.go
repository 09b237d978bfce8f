package desired

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/everruns/reconciler/pkg/desired/names"
)

func loadSeed(t *testing.T) map[Address]Resource {
	t.Helper()
	env, diags := Load("../../deploy/environment.yaml")
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	out := map[Address]Resource{}
	for _, r := range env.Resources() {
		if _, dup := out[r.Address]; dup {
			t.Fatalf("address %s twice", r.Address)
		}
		out[r.Address] = r
	}
	return out
}

func tagsFor(addr, name string) map[string]any {
	return map[string]any{"everruns:project": "everruns", "everruns:environment": "production", "everruns:address": addr, "ManagedBy": "everruns-reconciler",
		"Project": "everruns", "Environment": "production", "Name": name}
}

// TestNetworkPerResourcesDoc checks the network tier field by field
// against docs/resources.md, which the AWS adapters are written against.
func TestNetworkPerResourcesDoc(t *testing.T) {
	got := loadSeed(t)
	vpc := Ref{Address: "network.vpc"}
	want := map[Address]Resource{
		"network.vpc": {Address: "network.vpc", Kind: "ec2.vpc",
			Fields:    map[string]any{"cidr_block": "10.0.0.0/16", "enable_dns_support": true, "enable_dns_hostnames": true, "tags": tagsFor("network.vpc", "everruns-production-vpc")},
			Immutable: map[string]string{"cidr_block": "a VPC's primary CIDR cannot be changed"}},
		"network.subnet.private-b": {Address: "network.subnet.private-b", Kind: "ec2.subnet", DependsOn: []Address{"network.vpc"},
			Fields: map[string]any{"vpc_id": vpc, "cidr_block": "10.0.11.0/24", "availability_zone": "us-east-1b", "map_public_ip_on_launch": false,
				"tags": tagsFor("network.subnet.private-b", "everruns-production-private-b")},
			Immutable: map[string]string{"vpc_id": "a subnet cannot move to another VPC", "cidr_block": "a subnet's CIDR cannot be changed", "availability_zone": "a subnet cannot move to another availability zone"}},
		"network.internet_gateway": {Address: "network.internet_gateway", Kind: "ec2.internet_gateway", DependsOn: []Address{"network.vpc"},
			Fields: map[string]any{"vpc_id": vpc, "tags": tagsFor("network.internet_gateway", "everruns-production-internet-gateway")}},
		"network.eip.nat-a": {Address: "network.eip.nat-a", Kind: "ec2.elastic_ip", DependsOn: []Address{"network.internet_gateway"},
			Fields:    map[string]any{"domain": "vpc", "tags": tagsFor("network.eip.nat-a", "everruns-production-nat-a")},
			Immutable: map[string]string{"domain": "an Elastic IP's domain cannot be changed"}},
		"network.nat_gateway.nat-a": {Address: "network.nat_gateway.nat-a", Kind: "ec2.nat_gateway", DependsOn: []Address{"network.subnet.public-a", "network.eip.nat-a"},
			Fields: map[string]any{"subnet_id": Ref{Address: "network.subnet.public-a"}, "allocation_id": Ref{Address: "network.eip.nat-a"}, "connectivity_type": "public",
				"tags": tagsFor("network.nat_gateway.nat-a", "everruns-production-nat-a")},
			Immutable: map[string]string{"subnet_id": "a NAT gateway cannot move to another subnet", "allocation_id": "a NAT gateway's primary Elastic IP cannot be changed", "connectivity_type": "a NAT gateway's connectivity type cannot be changed"}},
		"network.route_table.private": {Address: "network.route_table.private", Kind: "ec2.route_table",
			DependsOn: []Address{"network.vpc", "network.nat_gateway.nat-a", "network.subnet.private-a", "network.subnet.private-b"},
			Fields: map[string]any{"vpc_id": vpc, "routes": Set{map[string]any{"destination": "0.0.0.0/0", "nat_gateway_id": Ref{Address: "network.nat_gateway.nat-a"}}},
				"associations": Set{Ref{Address: "network.subnet.private-a"}, Ref{Address: "network.subnet.private-b"}},
				"tags":         tagsFor("network.route_table.private", "everruns-production-private")},
			Immutable: routeTableImmutable},
		"network.security_group.rds": {Address: "network.security_group.rds", Kind: "ec2.security_group", DependsOn: []Address{"network.vpc", "network.security_group.ecs"},
			Fields: map[string]any{"vpc_id": vpc, "group_name": "everruns-production-rds", "description": "everruns production database",
				"ingress": Set{map[string]any{"protocol": "tcp", "from_port": int64(5432), "to_port": int64(5432), "source_security_group": Ref{Address: "network.security_group.ecs"}}},
				"egress":  Set{}, "tags": tagsFor("network.security_group.rds", "everruns-production-rds")},
			Immutable: map[string]string{"vpc_id": "a security group cannot move to another VPC", "group_name": "a security group's name cannot be changed", "description": "a security group's description cannot be changed"}},
	}
	for addr, w := range want {
		if diff := cmp.Diff(w, got[addr]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", addr, diff)
		}
	}
	ecs := got["network.security_group.ecs"].Fields
	wantIngress := Set{
		map[string]any{"protocol": "-1", "source_security_group": Ref{Address: "network.security_group.alb"}, "description": "from the load balancer"},
		map[string]any{"protocol": "-1", "self": true, "description": "between services"},
	}
	if diff := cmp.Diff(wantIngress, ecs["ingress"]); diff != "" {
		t.Errorf("ecs ingress (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Set{map[string]any{"protocol": "-1", "cidr": "0.0.0.0/0"}}, ecs["egress"]); diff != "" {
		t.Errorf("default egress (-want +got):\n%s", diff)
	}
}

func TestAddressesAndDependencies(t *testing.T) {
	got := loadSeed(t)
	want := []Address{
		"database.instance", "database.parameter_group", "database.subnet_group",
		"secrets.database", "secrets.database.value", "secrets.openai", "secrets.ghcr", "certificate.main",
		"cluster.ecs", "cluster.log_group", "cluster.role.execution", "cluster.role.task", "cluster.namespace",
		"loadbalancer.alb", "loadbalancer.target_group.api", "loadbalancer.listener.https", "loadbalancer.listener.http",
		"loadbalancer.rule.api", "service.api", "service.api.task_definition", "service.temporal.discovery",
		"task.migrate", "task.temporal-schema.task_definition", "network.subnet.public-b",
	}
	for _, a := range want {
		if _, ok := got[a]; !ok {
			t.Errorf("missing %s", a)
		}
	}
	for a, r := range got {
		for _, d := range r.DependsOn {
			if _, ok := got[d]; !ok {
				t.Errorf("%s depends on %s, which is not a resource", a, d)
			}
		}
	}
	if !got["database.instance"].Stateful || !got["secrets.database"].Stateful || got["service.api"].Stateful {
		t.Error("the database and secrets are stateful, services are not")
	}
	https := got["loadbalancer.listener.https"]
	if !slicesContains(https.DependsOn, "certificate.main") {
		t.Errorf("the https listener must wait for its certificate (errata 9): %v", https.DependsOn)
	}
	api := got["service.api"]
	for _, d := range []Address{"loadbalancer.rule.api", "task.migrate", "service.temporal"} {
		if !slicesContains(api.DependsOn, d) {
			t.Errorf("service.api must depend on %s: %v", d, api.DependsOn)
		}
	}
}

func slicesContains(s []Address, a Address) bool {
	for _, b := range s {
		if a == b {
			return true
		}
	}
	return false
}

// TestExpansionSpeaksTheNames checks that every kind the file expands to
// is declared in package names, with no field the kind does not declare:
// the adapters read fields by those names, so a stray word would never
// converge.
func TestExpansionSpeaksTheNames(t *testing.T) {
	for _, file := range []string{"../../deploy/environment.yaml", "../../deploy/examples/everruns-control-plane.yaml", selfHostedFile} {
		env, diags := Load(file)
		if diags.HasErrors() {
			t.Fatalf("%s: %v", file, diags)
		}
		for _, r := range env.Resources() {
			declared := names.Fields(r.Kind)
			if declared == nil {
				t.Errorf("%s: kind %s is not declared in package names", r.Address, r.Kind)
				continue
			}
			for f := range r.Fields {
				if !slices.Contains(declared, f) {
					t.Errorf("%s (%s): field %q is not declared in package names", r.Address, r.Kind, f)
				}
			}
		}
	}
}
