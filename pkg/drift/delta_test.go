package drift

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/everruns/reconciler/pkg/desired"
)

func TestDeltaAnswersFromTheComparison(t *testing.T) {
	r := desired.Resource{Address: "network.security_group.alb", Kind: "ec2.security_group", Fields: map[string]any{
		"ingress": desired.Set{
			map[string]any{"protocol": "tcp", "from_port": int64(443), "to_port": int64(443), "cidr": "0.0.0.0/0"},
			map[string]any{"protocol": "tcp", "from_port": int64(80), "to_port": int64(80), "cidr": "0.0.0.0/0"},
		},
		"description": "same",
		"tags":        map[string]any{"Name": "alb", "Team": "core"},
	}}
	live := map[string]any{
		"ingress": []any{
			map[string]any{"protocol": "tcp", "from_port": 443.0, "to_port": 443.0, "cidr": "0.0.0.0/0"},
			map[string]any{"protocol": "tcp", "from_port": 22.0, "to_port": 22.0, "cidr": "0.0.0.0/0"},
		},
		"description": "same",
		"tags":        map[string]any{"Name": "old", "Owner": "someone"},
	}
	d := Delta(Compare(r, true, live).Fields)

	if diff := cmp.Diff([]string{"ingress", "tags"}, d.Fields()); diff != "" {
		t.Errorf("Fields (-want +got):\n%s", diff)
	}
	if d.Has("description") || !d.Has("tags") || !d.HasAny("description", "ingress") {
		t.Errorf("Has: description %v, tags %v", d.Has("description"), d.Has("tags"))
	}
	added, removed := d.SetChange("ingress")
	wantAdded := []any{map[string]any{"cidr": "0.0.0.0/0", "from_port": int64(80), "protocol": "tcp", "to_port": int64(80)}}
	wantRemoved := []any{map[string]any{"cidr": "0.0.0.0/0", "from_port": int64(22), "protocol": "tcp", "to_port": int64(22)}}
	if diff := cmp.Diff(wantAdded, added); diff != "" {
		t.Errorf("added (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantRemoved, removed); diff != "" {
		t.Errorf("removed (-want +got):\n%s", diff)
	}
	put, remove := d.MapChange("tags")
	if diff := cmp.Diff(map[string]any{"Name": "alb", "Team": "core"}, put); diff != "" {
		t.Errorf("put (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Owner"}, remove); diff != "" {
		t.Errorf("remove (-want +got):\n%s", diff)
	}
}

func TestDeltaOfASensitiveSetHidesItsElements(t *testing.T) {
	r := desired.Resource{Address: "secrets.x", Kind: "k", Fields: map[string]any{"keys": desired.Set{"a"}},
		Sensitive: map[string]bool{"keys": true}}
	d := Delta(Compare(r, true, map[string]any{"keys": []any{"b"}}).Fields)
	if !d.Has("keys") {
		t.Fatal("a sensitive field that differs must still be reported as differing")
	}
	if a, rm := d.SetChange("keys"); a != nil || rm != nil {
		t.Errorf("redacted set leaked elements: %v %v", a, rm)
	}
}
