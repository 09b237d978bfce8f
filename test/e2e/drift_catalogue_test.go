package e2e

import (
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/everruns/reconciler/internal/cli"
)

// change is what diff must report for one out-of-band change.
type change struct{ address, action, path string }

// Out-of-band changes made through the EC2 API, as a person in the console
// would make them. For each: diff exits 2 and its JSON names the address,
// the action and the field path; apply converges; diff exits 0 again. The
// cases share one environment, re-converged after each.
func TestOutOfBandChangesAreReportedAndReverted(t *testing.T) {
	f := newFake(t)
	useFake(t, f)
	apply(t)
	wantInSync(t)

	cases := map[string]struct {
		reason string
		mutate func(t *testing.T, f *fake)
		want   change
		also   []change // further changes the same act causes
		check  func(t *testing.T, f *fake)
	}{
		"ingress rule added to alb": {
			reason: "someone opened SSH on the load balancer's group",
			mutate: func(t *testing.T, f *fake) {
				_, err := f.ec2.AuthorizeSecurityGroupIngress(t.Context(), &ec2.AuthorizeSecurityGroupIngressInput{
					GroupId:       aws.String(groupID(t, f, "network.security_group.alb")),
					IpPermissions: []types.IpPermission{tcp(22, "203.0.113.0/24")},
				})
				must(t, "AuthorizeSecurityGroupIngress", err)
			},
			want: change{"network.security_group.alb", "update", "ingress"},
		},
		"ingress rule removed from ecs": {
			reason: "the services can no longer talk to each other",
			mutate: func(t *testing.T, f *fake) {
				ecs := groupID(t, f, "network.security_group.ecs")
				_, err := f.ec2.RevokeSecurityGroupIngress(t.Context(), &ec2.RevokeSecurityGroupIngressInput{
					GroupId: aws.String(ecs),
					IpPermissions: []types.IpPermission{{IpProtocol: aws.String("-1"),
						UserIdGroupPairs: []types.UserIdGroupPair{{GroupId: aws.String(ecs)}}}},
				})
				must(t, "RevokeSecurityGroupIngress", err)
			},
			want: change{"network.security_group.ecs", "update", "ingress"},
		},
		"default egress revoked from alb": {
			reason: "the load balancer can no longer reach its targets",
			mutate: func(t *testing.T, f *fake) {
				revokeDefaultEgress(t, f, groupID(t, f, "network.security_group.alb"))
			},
			want: change{"network.security_group.alb", "update", "egress"},
		},
		"private default route deleted": {
			reason: "the tasks lose their way out through the NAT",
			mutate: func(t *testing.T, f *fake) {
				_, err := f.ec2.DeleteRoute(t.Context(), &ec2.DeleteRouteInput{
					RouteTableId:         routeTable(t, f, "network.route_table.private").RouteTableId,
					DestinationCidrBlock: aws.String("0.0.0.0/0"),
				})
				must(t, "DeleteRoute", err)
			},
			want: change{"network.route_table.private", "update", "routes"},
		},
		"DNS hostnames turned off": {
			reason: "private DNS names stop resolving",
			mutate: func(t *testing.T, f *fake) {
				_, err := f.ec2.ModifyVpcAttribute(t.Context(), &ec2.ModifyVpcAttributeInput{
					VpcId: aws.String(vpcID(t, f)), EnableDnsHostnames: &types.AttributeBooleanValue{Value: aws.Bool(false)},
				})
				must(t, "ModifyVpcAttribute", err)
			},
			want: change{"network.vpc", "update", "enable_dns_hostnames"},
		},
		"public subnet starts mapping public IPs": {
			reason: "MapPublicIpOnLaunch flipped on in public-a; the file keeps it off (every public IPv4 address is billed)",
			mutate: func(t *testing.T, f *fake) {
				_, err := f.ec2.ModifySubnetAttribute(t.Context(), &ec2.ModifySubnetAttributeInput{
					SubnetId:            aws.String(subnetID(t, f, "network.subnet.public-a")),
					MapPublicIpOnLaunch: &types.AttributeBooleanValue{Value: aws.Bool(true)},
				})
				must(t, "ModifySubnetAttribute", err)
			},
			want: change{"network.subnet.public-a", "update", "map_public_ip_on_launch"},
		},
		"Name tag renamed": {
			reason: "someone renamed the subnet in the console",
			mutate: func(t *testing.T, f *fake) {
				createTag(t, f, subnetID(t, f, "network.subnet.private-b"), "Name", "renamed-by-hand")
			},
			want: change{"network.subnet.private-b", "update", "tags.Name"},
		},
		"extra tag added": {
			reason: "a tag the file does not declare is drift, and apply removes it",
			mutate: func(t *testing.T, f *fake) { createTag(t, f, vpcID(t, f), "Owner", "alice") },
			want:   change{"network.vpc", "update", "tags.Owner"},
		},
		"route table association removed": {
			reason: "public-b falls back to the main route table, which has no way out",
			mutate: func(t *testing.T, f *fake) {
				sn := subnetID(t, f, "network.subnet.public-b")
				for _, a := range routeTable(t, f, "network.route_table.public").Associations {
					if aws.ToString(a.SubnetId) == sn {
						_, err := f.ec2.DisassociateRouteTable(t.Context(), &ec2.DisassociateRouteTableInput{AssociationId: a.RouteTableAssociationId})
						must(t, "DisassociateRouteTable", err)
						return
					}
				}
				t.Fatal("public-b is not associated with the public route table")
			},
			want: change{"network.route_table.public", "update", "associations"},
		},
		"internet gateway detached": {
			reason: "AWS refuses the detach while the NAT maps a public address, so the person deleted the NAT first",
			mutate: func(t *testing.T, f *fake) {
				deleteNAT(t, f)
				waitFor(t, "the deleted NAT to release its address", func() bool {
					out, err := f.ec2.DescribeNatGateways(t.Context(), &ec2.DescribeNatGatewaysInput{})
					must(t, "DescribeNatGateways", err)
					return !slices.ContainsFunc(out.NatGateways, func(g types.NatGateway) bool { return g.State == types.NatGatewayStateDeleting })
				})
				_, err := f.ec2.DetachInternetGateway(t.Context(), &ec2.DetachInternetGatewayInput{
					InternetGatewayId: internetGateway(t, f).InternetGatewayId, VpcId: aws.String(vpcID(t, f)),
				})
				must(t, "DetachInternetGateway", err)
			},
			want: change{"network.internet_gateway", "update", "vpc_id"},
			also: []change{{"network.nat_gateway.nat-a", "create", "subnet_id"}},
			check: func(t *testing.T, f *fake) {
				if atts := internetGateway(t, f).Attachments; len(atts) != 1 || aws.ToString(atts[0].VpcId) != vpcID(t, f) {
					t.Errorf("internet gateway attachments %+v, want the VPC", atts)
				}
			},
		},
		"leaf security group deleted": {
			reason: "nothing refers to the database's group, so the console lets it go",
			mutate: func(t *testing.T, f *fake) {
				_, err := f.ec2.DeleteSecurityGroup(t.Context(), &ec2.DeleteSecurityGroupInput{GroupId: aws.String(groupID(t, f, "network.security_group.rds"))})
				must(t, "DeleteSecurityGroup", err)
			},
			want: change{"network.security_group.rds", "create", "group_name"},
		},
		"referenced security group deleted": {
			reason: "the ecs group's rule naming alb had to go first; both come back",
			mutate: func(t *testing.T, f *fake) {
				alb := groupID(t, f, "network.security_group.alb")
				_, err := f.ec2.RevokeSecurityGroupIngress(t.Context(), &ec2.RevokeSecurityGroupIngressInput{
					GroupId: aws.String(groupID(t, f, "network.security_group.ecs")),
					IpPermissions: []types.IpPermission{{IpProtocol: aws.String("-1"),
						UserIdGroupPairs: []types.UserIdGroupPair{{GroupId: aws.String(alb)}}}},
				})
				must(t, "RevokeSecurityGroupIngress", err)
				_, err = f.ec2.DeleteSecurityGroup(t.Context(), &ec2.DeleteSecurityGroupInput{GroupId: aws.String(alb)})
				must(t, "DeleteSecurityGroup", err)
			},
			want: change{"network.security_group.alb", "create", "group_name"},
			also: []change{{"network.security_group.ecs", "update", "ingress"}},
		},
		"NAT gateway deleted": {
			reason: "a new gateway is made and the private default route repointed to it",
			mutate: deleteNAT,
			want:   change{"network.nat_gateway.nat-a", "create", "allocation_id"},
			also:   []change{{"network.route_table.private", "update", "routes"}},
			check: func(t *testing.T, f *fake) {
				if _, nat := defaultRoute(routeTable(t, f, "network.route_table.private")); nat != natID(t, f) {
					t.Errorf("private default route goes to %q, want the live NAT %s", nat, natID(t, f))
				}
			},
		},
	}

	names := make([]string, 0, len(cases))
	for name := range cases {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		tc := cases[name]
		t.Run(name, func(t *testing.T) {
			t.Log(tc.reason)
			tc.mutate(t, f)

			code, r := diff(t)
			if code != cli.ExitChanges {
				t.Errorf("diff after the change: exit %d, want %d", code, cli.ExitChanges)
			}
			for _, w := range append([]change{tc.want}, tc.also...) {
				if !reports(r, w) {
					t.Errorf("diff does not report %s %s at %s; changes: %+v", w.action, w.address, w.path, r.Changes)
				}
			}

			apply(t)
			wantInSync(t)
			if tc.check != nil {
				tc.check(t, f)
			}
		})
	}
}

// reports says whether r holds the change, with the path among its fields.
func reports(r report, w change) bool {
	for _, c := range r.Changes {
		if c.Address != w.address || c.Action != w.action {
			continue
		}
		for _, fc := range c.Fields {
			if fc.Path == w.path {
				return true
			}
		}
	}
	return false
}

func must(t *testing.T, op string, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", op, err)
	}
}

// waitFor polls cond until it holds or a deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		select {
		case <-t.Context().Done():
			t.Fatal(t.Context().Err())
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func tcp(port int32, cidr string) types.IpPermission {
	return types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(port), ToPort: aws.Int32(port),
		IpRanges: []types.IpRange{{CidrIp: aws.String(cidr)}}}
}

func revokeDefaultEgress(t *testing.T, f *fake, group string) {
	t.Helper()
	_, err := f.ec2.RevokeSecurityGroupEgress(t.Context(), &ec2.RevokeSecurityGroupEgressInput{
		GroupId:       aws.String(group),
		IpPermissions: []types.IpPermission{{IpProtocol: aws.String("-1"), IpRanges: []types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}},
	})
	must(t, "RevokeSecurityGroupEgress", err)
}

func createTag(t *testing.T, f *fake, id, key, value string) {
	t.Helper()
	_, err := f.ec2.CreateTags(t.Context(), &ec2.CreateTagsInput{Resources: []string{id},
		Tags: []types.Tag{{Key: aws.String(key), Value: aws.String(value)}}})
	must(t, "CreateTags", err)
}

func deleteNAT(t *testing.T, f *fake) {
	t.Helper()
	_, err := f.ec2.DeleteNatGateway(t.Context(), &ec2.DeleteNatGatewayInput{NatGatewayId: aws.String(natID(t, f))})
	must(t, "DeleteNatGateway", err)
}
