package verify

import (
	"context"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// checkZones asks EC2 for the region's zones: every zone a subnet names
// must exist and be available. (ZoneNames is not used as a filter: EC2
// refuses the whole call for one unknown name.)
func checkZones(ctx context.Context, c *checker) []Finding {
	var want []string
	for _, s := range append(slices.Clone(c.env.Network.PublicSubnets), c.env.Network.PrivateSubnets...) {
		if !slices.Contains(want, s.Zone) {
			want = append(want, s.Zone)
		}
	}
	slices.Sort(want)
	out, err := ec2.NewFromConfig(c.cfg).DescribeAvailabilityZones(ctx, &ec2.DescribeAvailabilityZonesInput{})
	if err != nil {
		return []Finding{warning("zones", "availability zones could not be read: %v", err)}
	}
	state := map[string]ec2types.AvailabilityZoneState{}
	for _, z := range out.AvailabilityZones {
		state[aws.ToString(z.ZoneName)] = z.State
	}
	var findings []Finding
	for _, z := range want {
		s, found := state[z]
		switch {
		case !found:
			findings = append(findings, problem(z, "availability zone does not exist in %s (or is not enabled for the account)", c.env.Region))
		case s != ec2types.AvailabilityZoneStateAvailable:
			findings = append(findings, problem(z, "availability zone is %s", s))
		default:
			findings = append(findings, ok(z, "availability zone is available"))
		}
	}
	return findings
}
