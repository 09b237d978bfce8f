package e2e

import (
	"fmt"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/everruns/reconciler/internal/awsconfig"
	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// faults are injected for the next Count calls of a few operations: reads
// (retried by the SDK), creates that take no ClientToken (never retried by
// the SDK: the engine observes, then creates again), and changes.
var faults = []fakeaws.Fault{
	{Service: "ec2", Operation: "DescribeVpcs", Kind: fakeaws.FaultThrottle, Count: 3},
	{Service: "ec2", Operation: "CreateVpc", Kind: fakeaws.FaultThrottle, Count: 2},
	{Service: "ec2", Operation: "CreateSubnet", Kind: fakeaws.FaultThrottle, Count: 3},
	{Service: "ec2", Operation: "CreateSecurityGroup", Kind: fakeaws.FaultThrottle, Count: 2},
	{Service: "ec2", Operation: "AuthorizeSecurityGroupIngress", Kind: fakeaws.FaultThrottle, Count: 3},
	{Service: "ec2", Operation: "DescribeNatGateways", Kind: fakeaws.FaultThrottle, Count: 4},
	{Service: "ec2", Operation: "CreateNatGateway", Kind: fakeaws.FaultThrottle, Count: 2},
	{Service: "ec2", Operation: "CreateRoute", Kind: fakeaws.FaultThrottle, Count: 2},
	{Service: "ec2", Operation: "CreateRouteTable", Kind: fakeaws.Fault500, Count: 1},
	{Service: "ec2", Operation: "AssociateRouteTable", Kind: fakeaws.Fault503, Count: 1},
	{Service: "ec2", Operation: "AllocateAddress", Kind: fakeaws.FaultDrop, Count: 1},
}

// lightFaults are for the adaptive retryer, whose client-side rate limiter
// slows every later call after a throttle (by design; no backoff option
// turns it off): two throttles, and errors it does not slow down for.
var lightFaults = []fakeaws.Fault{
	{Service: "ec2", Operation: "DescribeVpcs", Kind: fakeaws.FaultThrottle, Count: 1},
	{Service: "ec2", Operation: "DescribeSecurityGroups", Kind: fakeaws.Fault500, Count: 2},
	{Service: "ec2", Operation: "CreateRouteTable", Kind: fakeaws.Fault500, Count: 1},
	{Service: "ec2", Operation: "AssociateRouteTable", Kind: fakeaws.Fault503, Count: 1},
	{Service: "ec2", Operation: "AllocateAddress", Kind: fakeaws.FaultDrop, Count: 1},
}

// With throttling, server errors and a dropped connection injected, apply
// still converges, with exactly one of everything: the SDK's retryer and
// the engine's retries absorb them. Both retryers are the production ones
// with a zero backoff, so the test costs no wall time.
func TestApplyConvergesThroughFaults(t *testing.T) {
	for _, tc := range []struct {
		name   string
		faults []fakeaws.Fault
		config func(t *testing.T, f *fake) aws.Config
	}{
		{"standard retryer", faults, func(_ *testing.T, f *fake) aws.Config { return testConfig(f) }},
		{"awsconfig.Load adaptive retryer", lightFaults, func(t *testing.T, f *fake) aws.Config {
			useFake(t, f)
			cfg, err := awsconfig.Load(t.Context(), awsconfig.Options{Backoff: zeroBackoff, Limiter: awsconfig.NewGlobal(1000, 1000)})
			if err != nil {
				t.Fatalf("awsconfig.Load: %v", err)
			}
			return cfg
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t)
			cfg := tc.config(t, f)
			for _, fault := range tc.faults {
				f.srv.InjectFault(fault)
			}
			resources := networkResources(t)

			res, err := newEngine(cfg).Apply(t.Context(), envID, resources, reconcile.ApplyOptions{Targets: []string{target}})
			if err != nil || !res.Converged() {
				t.Fatalf("apply through faults did not converge: err %v, %v; pending %+v", err, res.Err(), res.Report.Outstanding())
			}

			calls := f.srv.Calls()
			for _, fault := range tc.faults {
				op := fault.Service + ":" + fault.Operation
				if calls[op] <= fault.Count {
					t.Errorf("%s called %d times; the %d injected %s faults were not all met", op, calls[op], fault.Count, fault.Kind)
				}
			}
			auditNoDuplicates(t, f, resources)
			if t.Failed() {
				t.Logf("calls: %s", fmt.Sprint(calls))
			}
		})
	}
}
