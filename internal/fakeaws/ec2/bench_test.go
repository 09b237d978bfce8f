package ec2_test

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// BenchmarkDescribeVpcs measures tag-filtered DescribeVpcs calls through the
// v2 client over loopback, with 50 VPCs in the fake; calls/s is reported.
func BenchmarkDescribeVpcs(b *testing.B) {
	_, c := start(b)
	for i := range 50 {
		in := &ec2.CreateVpcInput{CidrBlock: ptr(fmt.Sprintf("10.%d.0.0/16", i)),
			TagSpecifications: []types.TagSpecification{{ResourceType: types.ResourceTypeVpc, Tags: []types.Tag{{Key: ptr("env"), Value: ptr(fmt.Sprint(i % 5))}}}}}
		if _, err := c.CreateVpc(b.Context(), in); err != nil {
			b.Fatal(err)
		}
	}
	in := &ec2.DescribeVpcsInput{Filters: []types.Filter{{Name: ptr("tag:env"), Values: []string{"3"}}}}
	b.ResetTimer()
	for b.Loop() {
		out, err := c.DescribeVpcs(b.Context(), in)
		if err != nil || len(out.Vpcs) != 10 {
			b.Fatalf("DescribeVpcs: %v (%d)", err, len(out.Vpcs))
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "calls/s")
}

func ptr(s string) *string { return &s }
