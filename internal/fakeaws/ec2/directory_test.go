package ec2

import (
	"net/url"
	"testing"
	"time"

	v1 "github.com/aws/aws-sdk-go/service/ec2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// call runs one operation in process, as the server would.
func call(t *testing.T, s *Service, op string, form url.Values) any {
	t.Helper()
	out, err := s.Handlers()[op](&core.Request{Context: t.Context(), Service: "ec2", Action: op, Region: "eu-west-1", Protocol: core.EC2Query, Form: form})
	if err != nil {
		t.Fatalf("%s: %v", op, err)
	}
	return out
}

// The other services ask EC2 for a subnet's zone (an RDS DB subnet group)
// and a security group's VPC (ELBv2, ECS); the answers go through env.Dir.
func TestDirectoryFacts(t *testing.T) {
	env := &core.Env{Clock: core.NewManualClock(time.Unix(0, 0)), IDs: core.NewIDs(1), Timing: core.DefaultTiming(), Dir: &core.Directory{}}
	s := New(env)
	vpc := call(t, s, "CreateVpc", url.Values{"CidrBlock": {"10.0.0.0/16"}}).(*v1.CreateVpcOutput).Vpc
	sn := call(t, s, "CreateSubnet", url.Values{"VpcId": {*vpc.VpcId}, "CidrBlock": {"10.0.1.0/24"}, "AvailabilityZone": {"eu-west-1b"}}).(*v1.CreateSubnetOutput).Subnet
	sg := call(t, s, "CreateSecurityGroup", url.Values{"VpcId": {*vpc.VpcId}, "GroupName": {"web"}, "GroupDescription": {"web"}}).(*v1.CreateSecurityGroupOutput)

	az, vpcID, ok := env.Dir.SubnetAZ(*sn.SubnetId)
	if !ok || az != "eu-west-1b" || vpcID != *vpc.VpcId {
		t.Errorf("SubnetAZ = %s %s %t", az, vpcID, ok)
	}
	if _, _, ok := env.Dir.SubnetAZ("subnet-0123456789abcdef0"); ok {
		t.Error("SubnetAZ found a subnet that does not exist")
	}
	if got, ok := env.Dir.SecurityGroupVPC(*sg.GroupId); !ok || got != *vpc.VpcId {
		t.Errorf("SecurityGroupVPC = %s %t", got, ok)
	}
}
