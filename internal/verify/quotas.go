package verify

import (
	"context"
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/everruns/reconciler/pkg/desired/names"
)

// checkQuotas checks the Elastic IP quota: the addresses the file needs
// and does not have yet must fit under vpc-max-elastic-ips beside the
// addresses the account already holds in the region.
func checkQuotas(ctx context.Context, c *checker) []Finding {
	need := 0
	for _, r := range c.env.Resources() {
		if r.Kind == names.KindElasticIP {
			need++
		}
	}
	if need == 0 {
		return nil
	}
	api := ec2.NewFromConfig(c.cfg)
	limit, err := maxElasticIPs(ctx, api)
	if err != nil {
		return []Finding{warning("elastic IPs", "quota could not be read: %v", err)}
	}
	addrs, err := api.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{})
	if err != nil {
		return []Finding{warning("elastic IPs", "addresses in use could not be read: %v", err)}
	}
	id := c.env.Identity()
	held := 0
	for _, a := range addrs.Addresses {
		if tag(a.Tags, names.TagProject) == id.Project && tag(a.Tags, names.TagEnvironment) == id.Environment {
			held++
		}
	}
	inUse := len(addrs.Addresses)
	missing := max(need-held, 0)
	if inUse+missing > limit {
		return []Finding{problem("elastic IPs", "the file needs %d more address(es) but the account holds %d of its quota of %d in %s: release some or ask for a higher quota (Service Quotas, EC2 \"EC2-VPC Elastic IPs\")",
			missing, inUse, limit, c.env.Region)}
	}
	return []Finding{ok("elastic IPs", "%d in use of %d, the file needs %d more", inUse, limit, missing)}
}

func maxElasticIPs(ctx context.Context, api *ec2.Client) (int, error) {
	out, err := api.DescribeAccountAttributes(ctx, &ec2.DescribeAccountAttributesInput{
		AttributeNames: []ec2types.AccountAttributeName{"vpc-max-elastic-ips"}})
	if err != nil {
		return 0, err
	}
	for _, a := range out.AccountAttributes {
		if aws.ToString(a.AttributeName) == "vpc-max-elastic-ips" && len(a.AttributeValues) > 0 {
			return strconv.Atoi(aws.ToString(a.AttributeValues[0].AttributeValue))
		}
	}
	return 0, fmt.Errorf("the account has no vpc-max-elastic-ips attribute")
}

func tag(tags []ec2types.Tag, key string) string {
	for _, t := range tags {
		if aws.ToString(t.Key) == key {
			return aws.ToString(t.Value)
		}
	}
	return ""
}
