// Package ec2 fakes the part of Amazon EC2 that a VPC network is built from:
// VPCs, subnets, internet and NAT gateways, Elastic IPs, route tables,
// security groups and their rules, tags and availability zones.
//
// Behaviour follows the EC2 API Reference
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/): the documented
// validation, error codes, filters, pagination and asynchronous states. Each
// region has its own state, as in AWS.
package ec2

import (
	"sync"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// Service is the fake EC2. One mutex guards all of its state: calls are
// short and a test cloud needs correctness more than parallelism.
type Service struct {
	env *core.Env

	mu      sync.Mutex
	regions map[string]*state
}

// New returns the fake EC2 and publishes its facts in env.Dir.
func New(env *core.Env) *Service {
	s := &Service{env: env, regions: map[string]*state{}}
	env.Dir.SubnetAZ = s.subnetAZ
	env.Dir.SecurityGroupVPC = s.securityGroupVPC
	return s
}

// Name is the SigV4 signing name.
func (s *Service) Name() string { return "ec2" }

// Protocol is EC2's own dialect of the Query protocol.
func (s *Service) Protocol() core.Protocol { return core.EC2Query }

// Handlers maps each supported operation to its handler. Every handler runs
// under the service mutex with the state of the request's region.
func (s *Service) Handlers() map[string]core.Handler {
	ops := map[string]func(*state, *core.Request) (any, error){
		"CreateVpc":            s.createVpc,
		"DescribeVpcs":         s.describeVpcs,
		"DeleteVpc":            s.deleteVpc,
		"ModifyVpcAttribute":   s.modifyVpcAttribute,
		"DescribeVpcAttribute": s.describeVpcAttribute,

		"CreateSubnet":          s.createSubnet,
		"DescribeSubnets":       s.describeSubnets,
		"DeleteSubnet":          s.deleteSubnet,
		"ModifySubnetAttribute": s.modifySubnetAttribute,

		"CreateInternetGateway":    s.createInternetGateway,
		"AttachInternetGateway":    s.attachInternetGateway,
		"DetachInternetGateway":    s.detachInternetGateway,
		"DescribeInternetGateways": s.describeInternetGateways,
		"DeleteInternetGateway":    s.deleteInternetGateway,

		"AllocateAddress":   s.allocateAddress,
		"DescribeAddresses": s.describeAddresses,
		"ReleaseAddress":    s.releaseAddress,

		"CreateNatGateway":    s.createNatGateway,
		"DescribeNatGateways": s.describeNatGateways,
		"DeleteNatGateway":    s.deleteNatGateway,

		"CreateRouteTable":             s.createRouteTable,
		"DescribeRouteTables":          s.describeRouteTables,
		"DeleteRouteTable":             s.deleteRouteTable,
		"CreateRoute":                  s.createRoute,
		"ReplaceRoute":                 s.replaceRoute,
		"DeleteRoute":                  s.deleteRoute,
		"AssociateRouteTable":          s.associateRouteTable,
		"DisassociateRouteTable":       s.disassociateRouteTable,
		"ReplaceRouteTableAssociation": s.replaceRouteTableAssociation,

		"CreateSecurityGroup":           s.createSecurityGroup,
		"DescribeSecurityGroups":        s.describeSecurityGroups,
		"DeleteSecurityGroup":           s.deleteSecurityGroup,
		"DescribeSecurityGroupRules":    s.describeSecurityGroupRules,
		"AuthorizeSecurityGroupIngress": s.authorizeIngress,
		"AuthorizeSecurityGroupEgress":  s.authorizeEgress,
		"RevokeSecurityGroupIngress":    s.revokeIngress,
		"RevokeSecurityGroupEgress":     s.revokeEgress,

		"CreateTags":   s.createTags,
		"DeleteTags":   s.deleteTags,
		"DescribeTags": s.describeTags,

		"DescribeAvailabilityZones": s.describeAvailabilityZones,
		"DescribeAccountAttributes": s.describeAccountAttributes,
		"DescribeNetworkInterfaces": s.describeNetworkInterfaces,
	}
	out := make(map[string]core.Handler, len(ops))
	for name, op := range ops {
		out[name] = s.locked(op)
	}
	return out
}

// locked runs op under the mutex. A DryRun call is answered as AWS answers
// a permitted one, with DryRunOperation, and changes nothing
// (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html).
func (s *Service) locked(op func(*state, *core.Request) (any, error)) core.Handler {
	return func(r *core.Request) (any, error) {
		if r.Form.Get("DryRun") == "true" {
			return nil, core.Errorf(412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.")
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		return op(s.region(r.Region), r)
	}
}

// region returns the state of one region, creating it on first use.
func (s *Service) region(name string) *state {
	st, ok := s.regions[name]
	if !ok {
		st = newState(name, s.env)
		s.regions[name] = st
	}
	return st
}

// subnetAZ answers Directory.SubnetAZ for the other services. A subnet ID
// is unique across regions, so every region is searched.
func (s *Service) subnetAZ(id string) (az, vpcID string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range s.regions {
		if sn, found := st.subnets[id]; found {
			return sn.az, sn.vpcID, true
		}
	}
	return "", "", false
}

// securityGroupVPC answers Directory.SecurityGroupVPC.
func (s *Service) securityGroupVPC(id string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, st := range s.regions {
		if g, found := st.groups[id]; found {
			return g.vpcID, true
		}
	}
	return "", false
}
