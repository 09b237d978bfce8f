package ec2

import (
	"slices"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/service/ec2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// accountAttributes are the account's EC2 attributes with the default
// quotas of a new account (the Elastic IP quota is 5 per region,
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/elastic-ip-addresses-eip.html#using-instance-addressing-limit).
// The fake has no default VPC and only VPC addresses: EC2-Classic is
// retired.
var accountAttributes = []struct{ name, value string }{
	{"default-vpc", "none"},
	{"max-elastic-ips", "5"},
	{"max-instances", "20"},
	{"supported-platforms", "VPC"},
	{"vpc-max-elastic-ips", "5"},
	{"vpc-max-security-groups-per-interface", "5"},
}

// describeAccountAttributes follows
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeAccountAttributes.html
// AttributeName.N narrows the list; an unknown name is refused.
func (s *Service) describeAccountAttributes(st *state, r *core.Request) (any, error) {
	var in ec2.DescribeAccountAttributesInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	asked := aws.StringValueSlice(in.AttributeNames)
	for _, n := range asked {
		if !slices.ContainsFunc(accountAttributes, func(a struct{ name, value string }) bool { return a.name == n }) {
			return nil, core.BadRequest("InvalidParameterValue", "Value (%s) for parameter attributeName is invalid. Unknown attribute.", n)
		}
	}
	out := &ec2.DescribeAccountAttributesOutput{AccountAttributes: []*ec2.AccountAttribute{}}
	for _, a := range accountAttributes {
		if len(asked) > 0 && !slices.Contains(asked, a.name) {
			continue
		}
		out.AccountAttributes = append(out.AccountAttributes, &ec2.AccountAttribute{
			AttributeName:   aws.String(a.name),
			AttributeValues: []*ec2.AccountAttributeValue{{AttributeValue: aws.String(a.value)}},
		})
	}
	return out, nil
}
