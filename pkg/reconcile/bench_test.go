package reconcile

import (
	"fmt"
	"testing"

	"github.com/everruns/reconciler/pkg/desired"
)

func BenchmarkPlan(b *testing.B) {
	c := newCloud()
	var rs []desired.Resource
	for i := range 300 {
		r := res(fmt.Sprintf("network.subnet.s%03d", i), "ec2.subnet", map[string]any{
			"vpc_id": ref("network.vpc"), "cidr_block": fmt.Sprintf("10.%d.0.0/24", i),
			"tags":    map[string]any{"Name": fmt.Sprintf("s%d", i), "Project": "everruns"},
			"ingress": desired.Set{map[string]any{"protocol": "tcp", "from_port": int64(443), "to_port": int64(443), "cidr": "0.0.0.0/0"}},
		})
		rs = append(rs, r)
		if i%2 == 0 {
			c.seed("ec2.subnet", r)
		}
	}
	rs = append(rs, res("network.vpc", "ec2.vpc", nil))
	e := engine(c)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Plan(b.Context(), env, rs, nil); err != nil {
			b.Fatal(err)
		}
	}
}
