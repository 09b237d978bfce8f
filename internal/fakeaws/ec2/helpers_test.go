package ec2_test

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go"

	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

// natTime is the NAT gateway transition time the tests run with.
const natTime = 30 * time.Second

func start(t testing.TB) (*fakeaws.Server, *ec2.Client) {
	t.Helper()
	timing := core.DefaultTiming()
	timing.NATGateway = natTime
	srv, cfg := fakeawstest.Start(t, fakeaws.WithTiming(timing))
	return srv, ec2.NewFromConfig(cfg)
}

// wantCode fails the test unless err is an AWS API error with this code.
func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var api smithy.APIError
	if !errors.As(err, &api) {
		t.Fatalf("error = %v, want API error %s", err, code)
	}
	if api.ErrorCode() != code {
		t.Fatalf("error code = %s (%s), want %s", api.ErrorCode(), api.ErrorMessage(), code)
	}
}

// check takes a call's results and fails the test on its error:
// check(c.CreateVpc(ctx, in))(t).
func check[T any](v T, err error) func(testing.TB) T {
	return func(t testing.TB) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func tagSpec(rt types.ResourceType, kv ...string) []types.TagSpecification {
	var tags []types.Tag
	for i := 0; i+1 < len(kv); i += 2 {
		tags = append(tags, types.Tag{Key: aws.String(kv[i]), Value: aws.String(kv[i+1])})
	}
	return []types.TagSpecification{{ResourceType: rt, Tags: tags}}
}

func filter(name string, values ...string) types.Filter {
	return types.Filter{Name: aws.String(name), Values: values}
}

func newVpc(t *testing.T, c *ec2.Client, cidr string, kv ...string) types.Vpc {
	t.Helper()
	in := &ec2.CreateVpcInput{CidrBlock: aws.String(cidr)}
	if len(kv) > 0 {
		in.TagSpecifications = tagSpec(types.ResourceTypeVpc, kv...)
	}
	return *check(c.CreateVpc(t.Context(), in))(t).Vpc
}

func newSubnet(t *testing.T, c *ec2.Client, vpcID, cidr, az string) types.Subnet {
	t.Helper()
	out := check(c.CreateSubnet(t.Context(), &ec2.CreateSubnetInput{VpcId: aws.String(vpcID), CidrBlock: aws.String(cidr), AvailabilityZone: aws.String(az)}))(t)
	return *out.Subnet
}

func newGroup(t *testing.T, c *ec2.Client, vpcID, name string) string {
	t.Helper()
	out := check(c.CreateSecurityGroup(t.Context(), &ec2.CreateSecurityGroupInput{VpcId: aws.String(vpcID), GroupName: aws.String(name), Description: aws.String(name)}))(t)
	return *out.GroupId
}

func vpcIDs(vpcs []types.Vpc) []string {
	var ids []string
	for _, v := range vpcs {
		ids = append(ids, *v.VpcId)
	}
	return ids
}
