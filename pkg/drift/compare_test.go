package drift

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/everruns/reconciler/pkg/desired"
)

func sg(fields map[string]any) desired.Resource {
	return desired.Resource{
		Address:   "network.security_group.alb",
		Kind:      "ec2.security_group",
		Fields:    fields,
		Immutable: map[string]string{"vpc_id": "a security group cannot move to another VPC"},
	}
}

func rule(port int64, cidr string) map[string]any {
	return map[string]any{"protocol": "tcp", "from_port": port, "to_port": port, "cidr": cidr}
}

func TestCompare(t *testing.T) {
	type args struct {
		r      desired.Resource
		exists bool
		live   map[string]any
	}
	cases := map[string]struct {
		reason string
		args   args
		want   Change
	}{
		"Equal": {
			reason: "Identical managed fields are in sync; unmanaged live fields are ignored.",
			args: args{
				r:      sg(map[string]any{"group_name": "alb", "tags": map[string]any{"Name": "a"}}),
				exists: true,
				live:   map[string]any{"group_name": "alb", "tags": map[string]string{"Name": "a"}, "owner": "123"},
			},
			want: Change{Address: "network.security_group.alb", Kind: "ec2.security_group", Action: ActionNone},
		},
		"SetOrderIgnored": {
			reason: "Sets compare as sets, whatever the order or numeric type of the live side.",
			args: args{
				r:      sg(map[string]any{"ingress": desired.Set{rule(443, "0.0.0.0/0"), rule(80, "0.0.0.0/0")}}),
				exists: true,
				live: map[string]any{"ingress": []any{
					map[string]any{"protocol": "tcp", "from_port": 80.0, "to_port": 80.0, "cidr": "0.0.0.0/0"},
					map[string]any{"protocol": "tcp", "from_port": int32(443), "to_port": 443, "cidr": "0.0.0.0/0"},
				}},
			},
			want: Change{Address: "network.security_group.alb", Kind: "ec2.security_group", Action: ActionNone},
		},
		"RuleAdded": {
			reason: "A rule the file adds is reported on the set's path, as an added element.",
			args: args{
				r:      sg(map[string]any{"ingress": desired.Set{rule(443, "0.0.0.0/0"), rule(80, "0.0.0.0/0")}}),
				exists: true,
				live:   map[string]any{"ingress": desired.Set{rule(443, "0.0.0.0/0")}},
			},
			want: Change{Address: "network.security_group.alb", Kind: "ec2.security_group", Action: ActionUpdate,
				Fields: []FieldChange{{Path: "ingress",
					Desired: []any{rule(443, "0.0.0.0/0"), rule(80, "0.0.0.0/0")},
					Live:    []any{rule(443, "0.0.0.0/0")},
					Added:   []any{rule(80, "0.0.0.0/0")}}}},
		},
		"RuleRemoved": {
			reason: "A live rule the file does not have is reported as removed.",
			args: args{
				r:      sg(map[string]any{"egress": desired.Set{}}),
				exists: true,
				live:   map[string]any{"egress": []any{map[string]any{"protocol": "-1", "cidr": "0.0.0.0/0"}}},
			},
			want: Change{Address: "network.security_group.alb", Kind: "ec2.security_group", Action: ActionUpdate,
				Fields: []FieldChange{{Path: "egress", Desired: []any{},
					Live:    []any{map[string]any{"protocol": "-1", "cidr": "0.0.0.0/0"}},
					Removed: []any{map[string]any{"protocol": "-1", "cidr": "0.0.0.0/0"}}}}},
		},
		"EmptySetAbsent": {
			reason: "An empty desired set matches a set the adapter left out.",
			args: args{
				r:      sg(map[string]any{"egress": desired.Set{}}),
				exists: true,
				live:   map[string]any{},
			},
			want: Change{Address: "network.security_group.alb", Kind: "ec2.security_group", Action: ActionNone},
		},
		"TagChanged": {
			reason: "Tags compare key by key; a live-only tag is drift with desired nil.",
			args: args{
				r:      sg(map[string]any{"tags": map[string]any{"Name": "new", "Project": "everruns"}}),
				exists: true,
				live:   map[string]any{"tags": map[string]any{"Name": "old", "Project": "everruns", "Extra": "x"}},
			},
			want: Change{Address: "network.security_group.alb", Kind: "ec2.security_group", Action: ActionUpdate,
				Fields: []FieldChange{
					{Path: "tags.Extra", Desired: nil, Live: "x"},
					{Path: "tags.Name", Desired: "new", Live: "old"},
				}},
		},
		"ImmutableReplace": {
			reason: "A change to an immutable field is a replacement, with its reason.",
			args: args{
				r:      sg(map[string]any{"vpc_id": "vpc-2"}),
				exists: true,
				live:   map[string]any{"vpc_id": "vpc-1"},
			},
			want: Change{Address: "network.security_group.alb", Kind: "ec2.security_group", Action: ActionReplace,
				Reason: "a security group cannot move to another VPC",
				Fields: []FieldChange{{Path: "vpc_id", Desired: "vpc-2", Live: "vpc-1"}}},
		},
		"UnresolvedRef": {
			reason: "A ref to a resource not yet created is known after apply, and forces the replacement of an immutable field.",
			args: args{
				r:      sg(map[string]any{"vpc_id": desired.Ref{Address: "network.vpc"}}),
				exists: true,
				live:   map[string]any{"vpc_id": "vpc-1"},
			},
			want: Change{Address: "network.security_group.alb", Kind: "ec2.security_group", Action: ActionReplace,
				Reason: "a security group cannot move to another VPC",
				Fields: []FieldChange{{Path: "vpc_id", Desired: Unknown, Live: "vpc-1"}}},
		},
		"UnresolvedRefInSet": {
			reason: "A set element naming a resource not yet created is known after apply.",
			args: args{
				r: sg(map[string]any{"routes": desired.Set{map[string]any{"destination": "0.0.0.0/0",
					"nat_gateway_id": desired.Ref{Address: "network.nat_gateway.nat-a"}}}}),
				exists: true,
				live:   map[string]any{"routes": []any{}},
			},
			want: Change{Address: "network.security_group.alb", Kind: "ec2.security_group", Action: ActionUpdate,
				Fields: []FieldChange{{Path: "routes",
					Desired: []any{map[string]any{"destination": "0.0.0.0/0", "nat_gateway_id": Unknown}},
					Live:    []any{},
					Added:   []any{map[string]any{"destination": "0.0.0.0/0", "nat_gateway_id": Unknown}}}}},
		},
		"JSONKeyOrder": {
			reason: "JSON documents compare canonically: key order and white space do not matter.",
			args: args{
				r:      sg(map[string]any{"policy": desired.JSON(`{"b": [1, 2], "a": {"y": true, "x": "s"}}`)}),
				exists: true,
				live:   map[string]any{"policy": `{"a":{"x":"s","y":true},"b":[1,2]}`},
			},
			want: Change{Address: "network.security_group.alb", Kind: "ec2.security_group", Action: ActionNone},
		},
		"Numeric": {
			reason: "int64 from the file and float64 or int from live compare by value.",
			args: args{
				r:      sg(map[string]any{"port": int64(5432), "size": int64(20)}),
				exists: true,
				live:   map[string]any{"port": 5432.0, "size": 20},
			},
			want: Change{Address: "network.security_group.alb", Kind: "ec2.security_group", Action: ActionNone},
		},
		"Create": {
			reason: "A resource not observed is created; its fields show what will be set.",
			args:   args{r: sg(map[string]any{"group_name": "alb", "tags": map[string]any{"Name": "a"}})},
			want: Change{Address: "network.security_group.alb", Kind: "ec2.security_group", Action: ActionCreate,
				Fields: []FieldChange{
					{Path: "group_name", Desired: "alb"},
					{Path: "tags.Name", Desired: "a"},
				}},
		},
		"Sensitive": {
			reason: "The values of a sensitive field never leave the package.",
			args: args{
				r: desired.Resource{Address: "secrets.db", Kind: "secretsmanager.secret",
					Fields: map[string]any{"value": "hunter2"}, Sensitive: map[string]bool{"value": true}},
				exists: true,
				live:   map[string]any{"value": "old-secret"},
			},
			want: Change{Address: "secrets.db", Kind: "secretsmanager.secret", Action: ActionUpdate,
				Fields: []FieldChange{{Path: "value", Desired: Redacted, Live: Redacted, Sensitive: true}}},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got := Compare(tc.args.r, tc.args.exists, tc.args.live)
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s\nCompare(...): -want +got:\n%s", tc.reason, diff)
			}
		})
	}
}

func TestOrphans(t *testing.T) {
	rs := []desired.Resource{{Address: "network.vpc"}}
	got := Orphans(rs, map[desired.Address]string{"network.vpc": "ec2.vpc", "network.subnet.old": "ec2.subnet"})
	want := []Change{{Address: "network.subnet.old", Kind: "ec2.subnet", Action: ActionOrphan, Reason: "no longer in the file"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Orphans(...): -want +got:\n%s", diff)
	}
}
