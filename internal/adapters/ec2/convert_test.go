package ec2

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
)

const self = "sg-self"

func TestRuleToPermissionAndBack(t *testing.T) {
	type want struct {
		perm types.IpPermission
		err  bool
	}
	cases := map[string]struct {
		reason string
		rule   map[string]any
		want   want
	}{
		"cidr": {
			reason: "a CIDR source is an IpRange; the description rides on it",
			rule:   map[string]any{"protocol": "tcp", "from_port": int64(443), "to_port": int64(443), "cidr": "0.0.0.0/0", "description": "https"},
			want: want{perm: types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(443), ToPort: aws.Int32(443),
				IpRanges: []types.IpRange{{CidrIp: aws.String("0.0.0.0/0"), Description: aws.String("https")}}}},
		},
		"all traffic": {
			reason: `protocol "-1" carries no ports`,
			rule:   map[string]any{"protocol": "-1", "cidr": "0.0.0.0/0"},
			want:   want{perm: types.IpPermission{IpProtocol: aws.String("-1"), IpRanges: []types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}}}},
		},
		"group source": {
			reason: "another group is a UserIdGroupPair",
			rule:   map[string]any{"protocol": "tcp", "from_port": int64(5432), "to_port": int64(5432), "source_security_group": "sg-ecs"},
			want: want{perm: types.IpPermission{IpProtocol: aws.String("tcp"), FromPort: aws.Int32(5432), ToPort: aws.Int32(5432),
				UserIdGroupPairs: []types.UserIdGroupPair{{GroupId: aws.String("sg-ecs")}}}},
		},
		"self": {
			reason: "self is a pair naming the group's own ID",
			rule:   map[string]any{"protocol": "-1", "self": true},
			want:   want{perm: types.IpPermission{IpProtocol: aws.String("-1"), UserIdGroupPairs: []types.UserIdGroupPair{{GroupId: aws.String(self)}}}},
		},
		"ipv6": {
			reason: "an IPv6 CIDR goes to Ipv6Ranges",
			rule:   map[string]any{"protocol": "-1", "cidr": "::/0"},
			want:   want{perm: types.IpPermission{IpProtocol: aws.String("-1"), Ipv6Ranges: []types.Ipv6Range{{CidrIpv6: aws.String("::/0")}}}},
		},
		"no source": {
			reason: "a rule must say where traffic comes from",
			rule:   map[string]any{"protocol": "tcp", "from_port": int64(1), "to_port": int64(1)},
			want:   want{err: true},
		},
		"no ports": {
			reason: "tcp needs its ports",
			rule:   map[string]any{"protocol": "tcp", "cidr": "10.0.0.0/8"},
			want:   want{err: true},
		},
		"unresolved ref": {
			reason: "a ref the engine did not resolve is not sent to AWS",
			rule:   map[string]any{"protocol": "-1", "source_security_group": desired.Ref{Address: "network.security_group.alb"}},
			want:   want{err: true},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := ruleToPermission(tc.rule, self)
			if (err != nil) != tc.want.err {
				t.Fatalf("%s\nruleToPermission(): err = %v, want error %v", tc.reason, err, tc.want.err)
			}
			if err != nil {
				return
			}
			if diff := cmp.Diff(tc.want.perm, got, cmpopts.IgnoreUnexported(types.IpPermission{}, types.IpRange{}, types.Ipv6Range{}, types.UserIdGroupPair{})); diff != "" {
				t.Errorf("%s\nruleToPermission(): -want +got\n%s", tc.reason, diff)
			}
			back := permissionToRules(got, self)
			if diff := cmp.Diff([]any{tc.rule}, back); diff != "" {
				t.Errorf("%s\npermissionToRules(): -want +got\n%s", tc.reason, diff)
			}
		})
	}
}

func TestRulesOfFlattensSources(t *testing.T) {
	// AWS groups the sources of one protocol and port range; the file
	// lists one rule per source. Numeric protocols read as names.
	perms := []types.IpPermission{{
		IpProtocol: aws.String("6"), FromPort: aws.Int32(80), ToPort: aws.Int32(80),
		IpRanges:         []types.IpRange{{CidrIp: aws.String("10.0.0.0/8")}},
		UserIdGroupPairs: []types.UserIdGroupPair{{GroupId: aws.String(self), UserId: aws.String("123456789012")}, {GroupId: aws.String("sg-alb")}},
	}, {
		IpProtocol: aws.String("-1"), FromPort: aws.Int32(-1), ToPort: aws.Int32(-1),
		IpRanges: []types.IpRange{{CidrIp: aws.String("0.0.0.0/0")}},
	}}
	want := desired.Set{
		map[string]any{"protocol": "-1", "cidr": "0.0.0.0/0"},
		map[string]any{"protocol": "tcp", "from_port": int64(80), "to_port": int64(80), "cidr": "10.0.0.0/8"},
		map[string]any{"protocol": "tcp", "from_port": int64(80), "to_port": int64(80), "self": true},
		map[string]any{"protocol": "tcp", "from_port": int64(80), "to_port": int64(80), "source_security_group": "sg-alb"},
	}
	if diff := cmp.Diff(want, rulesOf(perms, self), cmpopts.SortSlices(func(a, b any) bool { return fmt.Sprint(a) < fmt.Sprint(b) })); diff != "" {
		t.Errorf("rulesOf(): -want +got\n%s", diff)
	}
}

func TestObservedTagsDropAWSTags(t *testing.T) {
	got := observedTags([]types.Tag{{Key: aws.String("aws:createdBy"), Value: aws.String("x")}, {Key: aws.String("Name"), Value: aws.String("n")}})
	if diff := cmp.Diff(map[string]any{"Name": "n"}, got); diff != "" {
		t.Errorf("observedTags(): -want +got\n%s", diff)
	}
}

func TestRouteChanges(t *testing.T) {
	rt := func(dest, key, target string) map[string]any { return map[string]any{"destination": dest, key: target} }
	r := desired.Resource{Fields: map[string]any{"routes": desired.Set{rt("0.0.0.0/0", "nat_gateway_id", "nat-1"), rt("10.1.0.0/16", "gateway_id", "igw-1")}}}
	live := map[string]any{"routes": []any{rt("0.0.0.0/0", "gateway_id", "igw-1"), rt("10.2.0.0/16", "gateway_id", "igw-1")}}
	create, replace, remove, err := routeChanges(drift.Delta(drift.Compare(r, true, live).Fields).SetChange("routes"))
	if err != nil {
		t.Fatal(err)
	}
	opt := cmp.AllowUnexported(route{})
	if diff := cmp.Diff([]route{{"10.1.0.0/16", "gateway_id", "igw-1"}}, create, opt); diff != "" {
		t.Errorf("create: -want +got\n%s", diff)
	}
	if diff := cmp.Diff([]route{{"0.0.0.0/0", "nat_gateway_id", "nat-1"}}, replace, opt); diff != "" {
		t.Errorf("replace: the same destination with a new target is replaced in place: -want +got\n%s", diff)
	}
	if diff := cmp.Diff([]route{{"10.2.0.0/16", "gateway_id", "igw-1"}}, remove, opt); diff != "" {
		t.Errorf("remove: -want +got\n%s", diff)
	}
	if _, _, _, err := routeChanges([]any{map[string]any{"destination": "0.0.0.0/0", "gateway_id": "igw-1", "nat_gateway_id": "nat-1"}}, nil); err == nil {
		t.Error("a route with two targets was accepted")
	}
}

func TestRouteOfLeavesLocalAlone(t *testing.T) {
	if _, ok := routeOf(types.Route{DestinationCidrBlock: aws.String("10.0.0.0/16"), GatewayId: aws.String("local")}); ok {
		t.Error("the local route was reported")
	}
	got, ok := routeOf(types.Route{DestinationCidrBlock: aws.String("0.0.0.0/0"), NatGatewayId: aws.String("nat-1")})
	if diff := cmp.Diff(map[string]any{"destination": "0.0.0.0/0", "nat_gateway_id": "nat-1"}, got.fields()); !ok || diff != "" {
		t.Errorf("routeOf(): ok %v, -want +got\n%s", ok, diff)
	}
}
