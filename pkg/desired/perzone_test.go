package desired

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestNATPerZone: with a NAT per zone, each zone's private subnet routes
// to its own zone's NAT through its own table.
func TestNATPerZone(t *testing.T) {
	env, diags := Load("../../deploy/examples/everruns-control-plane.yaml")
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	got := map[Address]Resource{}
	for _, r := range env.Resources() {
		got[r.Address] = r
	}
	for _, z := range []string{"a", "b"} {
		rt := got[Address("network.route_table.private-"+z)]
		want := Set{map[string]any{"destination": "0.0.0.0/0", "nat_gateway_id": Ref{Address: Address("network.nat_gateway.nat-" + z)}}}
		if diff := cmp.Diff(want, rt.Fields["routes"]); diff != "" {
			t.Errorf("private-%s routes (-want +got):\n%s", z, diff)
		}
		if diff := cmp.Diff(Set{Ref{Address: Address("network.subnet.private-" + z)}}, rt.Fields["associations"]); diff != "" {
			t.Errorf("private-%s associations (-want +got):\n%s", z, diff)
		}
	}
	if _, ok := got["network.route_table.private"]; ok {
		t.Error("no shared private table with a NAT per zone")
	}
}
