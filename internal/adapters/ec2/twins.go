package ec2

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// Option configures the tier's adapters.
type Option func(*twins)

// WithClock sets the clock the created-at tag is read from (tests).
func WithClock(now func() time.Time) Option { return func(t *twins) { t.now = now } }

// dependentsAPI is what proves a twin empty: the reads that list what
// could use it.
type dependentsAPI interface {
	DescribeSubnets(ctx context.Context, in *ec2.DescribeSubnetsInput, optFns ...func(*ec2.Options)) (*ec2.DescribeSubnetsOutput, error)
	DescribeInternetGateways(ctx context.Context, in *ec2.DescribeInternetGatewaysInput, optFns ...func(*ec2.Options)) (*ec2.DescribeInternetGatewaysOutput, error)
	DescribeSecurityGroups(ctx context.Context, in *ec2.DescribeSecurityGroupsInput, optFns ...func(*ec2.Options)) (*ec2.DescribeSecurityGroupsOutput, error)
	DescribeRouteTables(ctx context.Context, in *ec2.DescribeRouteTablesInput, optFns ...func(*ec2.Options)) (*ec2.DescribeRouteTablesOutput, error)
	DescribeNetworkInterfaces(ctx context.Context, in *ec2.DescribeNetworkInterfacesInput, optFns ...func(*ec2.Options)) (*ec2.DescribeNetworkInterfacesOutput, error)
	DescribeAddresses(ctx context.Context, in *ec2.DescribeAddressesInput, optFns ...func(*ec2.Options)) (*ec2.DescribeAddressesOutput, error)
}

// twins is what the kinds whose create takes no ClientToken (VPC, subnet,
// internet gateway, security group, Elastic IP) share: the clock of the
// created-at tag, and the reads that prove a twin empty.
type twins struct {
	now  func() time.Time
	deps dependentsAPI
}

// settle runs kit.Settle after a create with the kind's own Observe.
func (t twins) settle(ctx context.Context, id desired.Identity, made reconcile.Live, created time.Time,
	observe func(context.Context, desired.Identity) (kit.Observation, error)) reconcile.Live {
	made.CreatedAt = created
	return kit.Settle(ctx, id, made, observe)
}

// inUse is the refusal to delete a twin something still uses: terminal,
// since observing again finds the same dependents.
func inUse(what string, ids []string) error {
	return reconcile.Terminal(fmt.Errorf("not empty: %s %s", what, strings.Join(ids, ", ")))
}

// firstIDs reads pages until one holds an item (a filtered EC2 listing may
// answer an empty page with a token) and returns that page's IDs.
func firstIDs[Page any](ctx context.Context, more func() bool, next func(context.Context, ...func(*ec2.Options)) (Page, error),
	ids func(Page) []string) ([]string, error) {
	for more() {
		p, err := next(ctx)
		if err != nil {
			return nil, err
		}
		if got := ids(p); len(got) > 0 {
			return got, nil
		}
	}
	return nil, nil
}
