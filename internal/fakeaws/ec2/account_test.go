package ec2_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeAccountAttributes.html
// The attributes of a new account; AttributeName narrows them, an unknown
// name is refused.
func TestDescribeAccountAttributes(t *testing.T) {
	_, c := start(t)
	all := check(c.DescribeAccountAttributes(t.Context(), &ec2.DescribeAccountAttributesInput{}))(t).AccountAttributes
	if len(all) != 6 {
		t.Errorf("%d attributes, want 6", len(all))
	}
	one := check(c.DescribeAccountAttributes(t.Context(), &ec2.DescribeAccountAttributesInput{
		AttributeNames: []types.AccountAttributeName{"vpc-max-elastic-ips"}}))(t).AccountAttributes
	if len(one) != 1 || aws.ToString(one[0].AttributeName) != "vpc-max-elastic-ips" || aws.ToString(one[0].AttributeValues[0].AttributeValue) != "5" {
		t.Errorf("vpc-max-elastic-ips: %+v", one)
	}
	_, err := c.DescribeAccountAttributes(t.Context(), &ec2.DescribeAccountAttributesInput{AttributeNames: []types.AccountAttributeName{"max-unicorns"}})
	wantCode(t, err, "InvalidParameterValue")
}
