package elbv2

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/elbv2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// resourceName is the rule for load balancer and target group names: up to
// 32 alphanumerics or hyphens, not starting or ending with a hyphen.
var resourceName = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,30}[A-Za-z0-9])?$`)

// https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateLoadBalancer.html
func (s *Service) createLoadBalancer(r *core.Request) (any, error) {
	var in v1.CreateLoadBalancerInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	name := aws.StringValue(in.Name)
	if name == "" {
		return nil, core.MissingParameter("Name")
	}
	if !resourceName.MatchString(name) || strings.HasPrefix(name, "internal-") {
		return nil, validation("The load balancer name '%s' is not valid: up to 32 alphanumeric characters or hyphens, not beginning or ending with a hyphen, not beginning with 'internal-'", name)
	}
	typ := aws.StringValue(in.Type)
	if typ == "" {
		typ = v1.LoadBalancerTypeEnumApplication
	}
	scheme := aws.StringValue(in.Scheme)
	if scheme == "" {
		scheme = v1.LoadBalancerSchemeEnumInternetFacing
	}
	subnets := aws.StringValueSlice(in.Subnets)
	for _, m := range in.SubnetMappings {
		subnets = append(subnets, aws.StringValue(m.SubnetId))
	}
	groups := aws.StringValueSlice(in.SecurityGroups)
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	for _, lb := range s.lbs {
		if aws.StringValue(lb.shape.LoadBalancerName) != name {
			continue
		}
		// CreateLoadBalancer is idempotent for identical settings.
		if sameLoadBalancer(lb.shape, typ, scheme, subnets, groups) {
			return &v1.CreateLoadBalancerOutput{LoadBalancers: []*v1.LoadBalancer{lb.view(s.env)}}, nil
		}
		return nil, core.BadRequest("DuplicateLoadBalancerName", "A load balancer with the same name '%s' exists, but with different settings", name)
	}
	azs, vpc, err := s.placement(r.Region, typ, subnets)
	if err != nil {
		return nil, err
	}
	if err := s.checkGroups(groups, vpc); err != nil {
		return nil, err
	}
	t, err := tags(nil).merged(in.Tags)
	if err != nil {
		return nil, err
	}
	id := s.env.IDs.Hex(16)
	shape := &v1.LoadBalancer{
		LoadBalancerArn:       aws.String(core.ARN("elasticloadbalancing", r.Region, "loadbalancer/app/"+name+"/"+id)),
		LoadBalancerName:      aws.String(name),
		DNSName:               aws.String(s.dnsName(name, scheme, r.Region)),
		CanonicalHostedZoneId: aws.String(canonicalZone(r.Region)),
		CreatedTime:           aws.Time(s.env.Clock.Now()),
		Scheme:                aws.String(scheme),
		Type:                  aws.String(typ),
		IpAddressType:         aws.String(orDefault(in.IpAddressType, v1.IpAddressTypeIpv4)),
		AvailabilityZones:     azs,
		SecurityGroups:        aws.StringSlice(groups),
	}
	if vpc != "" {
		shape.VpcId = aws.String(vpc)
	}
	lb := &loadBalancer{seq: s.nextSeq(), id: id, shape: shape, created: s.env.Clock.Now(), attrs: defaults(albAttrs), tags: t}
	s.lbs[*shape.LoadBalancerArn] = lb
	return &v1.CreateLoadBalancerOutput{LoadBalancers: []*v1.LoadBalancer{lb.view(s.env)}}, nil
}

// placement maps subnets to availability zones through EC2 when EC2 is
// present; without it, zones are made up per position ("us-east-1a", …).
// An Application Load Balancer needs subnets in at least two zones.
func (s *Service) placement(region, typ string, subnets []string) ([]*v1.AvailabilityZone, string, error) {
	if len(subnets) == 0 {
		return nil, "", validation("At least one subnet must be specified")
	}
	var azs []*v1.AvailabilityZone
	zones, vpc := map[string]bool{}, ""
	for i, id := range subnets {
		az := region + string(rune('a'+i%6))
		if s.env.Dir.SubnetAZ != nil {
			z, v, ok := s.env.Dir.SubnetAZ(id)
			if !ok {
				return nil, "", core.BadRequest("SubnetNotFound", "The subnet ID '%s' is not valid", id)
			}
			if vpc != "" && v != vpc {
				return nil, "", core.BadRequest("InvalidSubnet", "The subnets must all belong to the same VPC")
			}
			az, vpc = z, v
		}
		if zones[az] {
			return nil, "", invalidConfig("You cannot specify multiple subnets in the same Availability Zone")
		}
		zones[az] = true
		azs = append(azs, &v1.AvailabilityZone{SubnetId: aws.String(id), ZoneName: aws.String(az), LoadBalancerAddresses: []*v1.LoadBalancerAddress{}})
	}
	if typ == v1.LoadBalancerTypeEnumApplication && len(zones) < 2 {
		return nil, "", validation("At least two subnets in two different Availability Zones must be specified")
	}
	return azs, vpc, nil
}

// checkGroups refuses security groups EC2 does not know or that belong to
// another VPC, when EC2 is present.
func (s *Service) checkGroups(groups []string, vpc string) error {
	if s.env.Dir.SecurityGroupVPC == nil {
		return nil
	}
	for _, g := range groups {
		v, ok := s.env.Dir.SecurityGroupVPC(g)
		if !ok || (vpc != "" && v != vpc) {
			return core.BadRequest("InvalidSecurityGroup", "One or more security groups are invalid: '%s'", g)
		}
	}
	return nil
}

func orDefault(p *string, def string) string {
	if p == nil || *p == "" {
		return def
	}
	return *p
}
