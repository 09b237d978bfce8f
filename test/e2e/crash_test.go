package e2e

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go/middleware"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

var (
	crashRepetitions = flag.Int("crash.reps", 30, "repetitions of the crash test")
	crashSeed        = flag.Uint64("crash.seed", 20260104, "seed of the crash points")
)

// An apply killed at a random AWS call, then run again, converges with
// exactly one of everything: no create is ever made twice. Each repetition
// has a fresh fake; the crash point and its kind come from a seeded
// generator, so a failure replays with the same subtest name.
func TestCrashedApplyResumesWithoutDuplicates(t *testing.T) {
	resources := networkResources(t)
	total := attemptsOfOneApply(t, resources)
	rng := rand.New(rand.NewPCG(*crashSeed, 0))
	for i := range *crashRepetitions {
		n := 1 + rng.IntN(total)
		lost := rng.IntN(2) == 0 // the answer of call n is lost, or call n is never sent
		mode := "unsent"
		if lost {
			mode = "answer-lost"
		}
		t.Run(fmt.Sprintf("%02d/crash-at-call-%d-%s", i, n, mode), func(t *testing.T) {
			t.Parallel()
			f := newFake(t)

			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			cfg := testConfig(f)
			calls := crashAfter(&cfg, n, lost, cancel)
			res, err := newEngine(cfg).Apply(ctx, envID, resources, reconcile.ApplyOptions{Targets: []string{target}})
			if err == nil && res.Converged() {
				t.Logf("the apply finished within %d calls; nothing to resume", calls.Load())
			} else if !errors.Is(err, context.Canceled) {
				t.Fatalf("crashed apply: err %v, want context.Canceled", err)
			}

			res, err = newEngine(testConfig(f)).Apply(t.Context(), envID, resources, reconcile.ApplyOptions{Targets: []string{target}})
			if err != nil || !res.Converged() {
				t.Fatalf("apply after the crash did not converge: err %v, %v; report %+v", err, res.Err(), res.Report.Outstanding())
			}
			auditNoDuplicates(t, f, resources)
		})
	}
}

// attemptsOfOneApply counts the AWS attempts of one apply from empty, to
// draw crash points from.
func attemptsOfOneApply(t *testing.T, resources []desired.Resource) int {
	t.Helper()
	f := newFake(t)
	cfg := testConfig(f)
	calls := crashAfter(&cfg, 1<<30, false, func() {})
	res, err := newEngine(cfg).Apply(t.Context(), envID, resources, reconcile.ApplyOptions{Targets: []string{target}})
	if err != nil || !res.Converged() {
		t.Fatalf("apply from empty did not converge: %v %v", err, res.Err())
	}
	return int(calls.Load())
}

// crashAfter adds to cfg a middleware that kills the process, as far as
// AWS can tell, at attempt n: it cancels the apply's context, and either
// sends attempt n and loses its answer (lost) or never sends it. No later
// attempt is sent, and the answers of the attempts in flight are lost too.
//
// Attempts already sent run to their end on the wire (the HTTP exchange
// does not see the cancellation), so that when Apply returns, AWS has acted
// on everything it was sent: the restart comes after AWS is done, as a real
// one, seconds later, would. Cancelling the exchanges themselves lets a
// create land after the restart's first observation, which for the kinds
// whose create takes no ClientToken makes a twin (a limitation of those
// APIs, not what this test is about).
//
// It returns the attempt counter.
func crashAfter(cfg *aws.Config, n int, lost bool, cancel context.CancelFunc) *atomic.Int64 {
	var count atomic.Int64
	var crashed atomic.Bool
	crash := func() (middleware.FinalizeOutput, middleware.Metadata, error) {
		crashed.Store(true)
		cancel()
		return middleware.FinalizeOutput{}, middleware.Metadata{}, fmt.Errorf("crashed: %w", context.Canceled)
	}
	cfg.APIOptions = append(cfg.APIOptions, func(stack *middleware.Stack) error {
		return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("E2ECrash", func(
			ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler,
		) (middleware.FinalizeOutput, middleware.Metadata, error) {
			i := count.Add(1)
			if crashed.Load() || i > int64(n) || (i == int64(n) && !lost) {
				return crash()
			}
			out, md, err := next.HandleFinalize(context.WithoutCancel(ctx), in)
			if i == int64(n) || crashed.Load() {
				return crash()
			}
			return out, md, err
		}), middleware.After)
	})
	return &count
}

// auditNoDuplicates reads the whole fake, unfiltered, and checks that it
// holds exactly the file's network tier: each address once, every
// resource tagged with its address and the environment, and nothing
// untagged except what AWS makes with a VPC (its main route table and
// default security group).
func auditNoDuplicates(t *testing.T, f *fake, resources []desired.Resource) {
	t.Helper()
	ctx := t.Context()
	want := map[string][]string{}
	for _, r := range resources {
		if r.Address.HasPrefix(target) {
			want[r.Kind] = append(want[r.Kind], string(r.Address))
		}
	}
	got := map[string][]string{}
	claim := func(kind, what string, tags []types.Tag) {
		addr, env := tagValue(tags, tagAddress), tagValue(tags, "everruns:environment")
		if addr == "" || env != envName {
			t.Errorf("%s %s is not tagged with its address and environment: tags %v", kind, what, tags)
			return
		}
		got[kind] = append(got[kind], addr)
	}

	vpcs, err := f.ec2.DescribeVpcs(ctx, &ec2.DescribeVpcsInput{})
	must(t, "DescribeVpcs", err)
	for _, v := range vpcs.Vpcs {
		claim("ec2.vpc", aws.ToString(v.VpcId), v.Tags)
	}
	subnets, err := f.ec2.DescribeSubnets(ctx, &ec2.DescribeSubnetsInput{})
	must(t, "DescribeSubnets", err)
	for _, s := range subnets.Subnets {
		claim("ec2.subnet", aws.ToString(s.SubnetId), s.Tags)
	}
	igws, err := f.ec2.DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{})
	must(t, "DescribeInternetGateways", err)
	for _, g := range igws.InternetGateways {
		claim("ec2.internet_gateway", aws.ToString(g.InternetGatewayId), g.Tags)
	}
	eips, err := f.ec2.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{})
	must(t, "DescribeAddresses", err)
	for _, a := range eips.Addresses {
		claim("ec2.elastic_ip", aws.ToString(a.AllocationId), a.Tags)
	}
	// Every NAT gateway ever made, failed and deleted ones included: a
	// second create for one address would show here even once gone.
	nats, err := f.ec2.DescribeNatGateways(ctx, &ec2.DescribeNatGatewaysInput{})
	must(t, "DescribeNatGateways", err)
	for _, g := range nats.NatGateways {
		claim("ec2.nat_gateway", fmt.Sprintf("%s (%s)", aws.ToString(g.NatGatewayId), g.State), g.Tags)
		if g.State != types.NatGatewayStateAvailable {
			t.Errorf("NAT gateway %s is %s, want available", aws.ToString(g.NatGatewayId), g.State)
		}
	}
	tables, err := f.ec2.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{})
	must(t, "DescribeRouteTables", err)
	mains := 0
	for _, rt := range tables.RouteTables {
		if slices.ContainsFunc(rt.Associations, func(a types.RouteTableAssociation) bool { return aws.ToBool(a.Main) }) {
			mains++
			continue
		}
		claim("ec2.route_table", aws.ToString(rt.RouteTableId), rt.Tags)
	}
	groups, err := f.ec2.DescribeSecurityGroups(ctx, &ec2.DescribeSecurityGroupsInput{})
	must(t, "DescribeSecurityGroups", err)
	defaults := 0
	for _, g := range groups.SecurityGroups {
		if aws.ToString(g.GroupName) == "default" {
			defaults++
			continue
		}
		claim("ec2.security_group", aws.ToString(g.GroupId), g.Tags)
	}
	if mains != 1 || defaults != 1 {
		t.Errorf("%d main route tables and %d default security groups, want one each (one VPC)", mains, defaults)
	}

	for kind := range mergeKeys(want, got) {
		w, g := slices.Sorted(slices.Values(want[kind])), slices.Sorted(slices.Values(got[kind]))
		if !slices.Equal(w, g) {
			t.Errorf("%s: the fake holds %v, want exactly %v", kind, g, w)
		}
	}
}

func tagValue(tags []types.Tag, key string) string {
	for _, tg := range tags {
		if aws.ToString(tg.Key) == key {
			return aws.ToString(tg.Value)
		}
	}
	return ""
}

func mergeKeys(a, b map[string][]string) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}
