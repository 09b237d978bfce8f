package elbv2

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/awsutil"
	v1 "github.com/aws/aws-sdk-go/service/elbv2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

type loadBalancer struct {
	seq     int
	id      string // the 16 hex digits that end the ARN
	shape   *v1.LoadBalancer
	created time.Time
	attrs   map[string]string
	tags    tags
}

// view is the load balancer as Describe shows it now: provisioning until
// Timing.LoadBalancer has passed on the clock, then active.
func (lb *loadBalancer) view(env *core.Env) *v1.LoadBalancer {
	out := awsutil.CopyOf(lb.shape).(*v1.LoadBalancer)
	code := v1.LoadBalancerStateEnumProvisioning
	if !env.Clock.Now().Before(lb.created.Add(env.Timing.LoadBalancer)) {
		code = v1.LoadBalancerStateEnumActive
	}
	out.State = &v1.LoadBalancerState{Code: aws.String(code)}
	return out
}

// canonicalZones are the Route 53 hosted zones of Application Load
// Balancers per region (https://docs.aws.amazon.com/general/latest/gr/elb.html).
var canonicalZones = map[string]string{
	"us-east-1":      "Z35SXDOTRQ7X7K",
	"us-east-2":      "Z3AADJGX6KTTL2",
	"us-west-1":      "Z368ELLRRE2KJ0",
	"us-west-2":      "Z1H1FL5HABSF5",
	"eu-west-1":      "Z32O12XQLNTSW2",
	"eu-central-1":   "Z215JYRZR1TBD5",
	"ap-northeast-1": "Z14GRHDCWA56QT",
}

func canonicalZone(region string) string {
	if z, ok := canonicalZones[region]; ok {
		return z
	}
	return canonicalZones["us-east-1"]
}

// dnsName is NAME-<digits>.REGION.elb.amazonaws.com, with "internal-" in
// front for an internal load balancer, as AWS names them.
func (s *Service) dnsName(name, scheme, region string) string {
	n, _ := strconv.ParseUint(s.env.IDs.Hex(12), 16, 64)
	host := fmt.Sprintf("%s-%d.%s.elb.amazonaws.com", name, n%10_000_000_000, region)
	if scheme == v1.LoadBalancerSchemeEnumInternal {
		host = "internal-" + host
	}
	return host
}

// sameLoadBalancer tells whether a create repeats an existing load
// balancer's settings, in which case AWS answers with the existing one.
func sameLoadBalancer(lb *v1.LoadBalancer, typ, scheme string, subnets, groups []string) bool {
	have := []string{}
	for _, az := range lb.AvailabilityZones {
		have = append(have, aws.StringValue(az.SubnetId))
	}
	return aws.StringValue(lb.Type) == typ && aws.StringValue(lb.Scheme) == scheme &&
		sameSet(have, subnets) && sameSet(aws.StringValueSlice(lb.SecurityGroups), groups)
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
