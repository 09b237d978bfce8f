package ec2

import (
	"fmt"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/service/ec2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

type address struct {
	allocID, publicIP string
}

// user returns the NAT gateway that holds the address, if any: an address
// is associated from the NAT's creation until it is deleted.
func (st *state) user(a *address) *natGateway {
	for _, n := range st.nats {
		if n.allocID == a.allocID && n.holdsInterface(st.now(), st.env.Timing.NATGateway) {
			return n
		}
	}
	return nil
}

func (st *state) renderAddress(a *address) *ec2.Address {
	out := &ec2.Address{
		AllocationId:       aws.String(a.allocID),
		PublicIp:           aws.String(a.publicIP),
		Domain:             aws.String("vpc"),
		PublicIpv4Pool:     aws.String("amazon"),
		NetworkBorderGroup: aws.String(st.region),
		Tags:               st.tagList(a.allocID),
	}
	if n := st.user(a); n != nil {
		out.AssociationId = aws.String(n.assocID)
		out.NetworkInterfaceId = aws.String(n.eniID)
		out.NetworkInterfaceOwnerId = aws.String(core.AccountID)
		out.PrivateIpAddress = aws.String(n.privateIP)
	}
	return out
}

// allocateAddress follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AllocateAddress.html.
// Only VPC addresses exist since EC2-Classic was retired.
func (s *Service) allocateAddress(st *state, r *core.Request) (any, error) {
	var in ec2.AllocateAddressInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if d := deref(in.Domain); d != "" && d != "vpc" {
		return nil, core.BadRequest("InvalidParameterValue", "Value (%s) for parameter domain is invalid. Only 'vpc' is supported.", d)
	}
	if in.Address != nil {
		return nil, core.BadRequest("InvalidParameterValue", "The fake has no BYOIP address pools: address %s cannot be allocated.", *in.Address)
	}
	tags, err := tagSpecs(in.TagSpecifications, "elastic-ip")
	if err != nil {
		return nil, err
	}
	st.nextPublicIP++
	n := st.nextPublicIP
	a := &address{allocID: st.id("eipalloc"), publicIP: fmt.Sprintf("3.%d.%d.%d", 80+n>>16, n>>8&255, n&255)}
	st.addresses[a.allocID] = a
	st.setTags(a.allocID, tags)
	return &ec2.AllocateAddressOutput{
		AllocationId: aws.String(a.allocID), PublicIp: aws.String(a.publicIP), Domain: aws.String("vpc"),
		PublicIpv4Pool: aws.String("amazon"), NetworkBorderGroup: aws.String(st.region),
	}, nil
}

func (st *state) addressFields() fields[*address] {
	assoc := func(get func(n *natGateway) string) func(*address) []string {
		return func(a *address) []string {
			if n := st.user(a); n != nil {
				return one(get(n))
			}
			return nil
		}
	}
	return fields[*address]{
		"allocation-id":              func(a *address) []string { return one(a.allocID) },
		"public-ip":                  func(a *address) []string { return one(a.publicIP) },
		"domain":                     func(*address) []string { return one("vpc") },
		"network-border-group":       func(*address) []string { return one(st.region) },
		"association-id":             assoc(func(n *natGateway) string { return n.assocID }),
		"network-interface-id":       assoc(func(n *natGateway) string { return n.eniID }),
		"private-ip-address":         assoc(func(n *natGateway) string { return n.privateIP }),
		"network-interface-owner-id": assoc(func(*natGateway) string { return core.AccountID }),
		"instance-id":                func(*address) []string { return nil },
	}
}

// describeAddresses follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeAddresses.html
// (no pagination).
func (s *Service) describeAddresses(st *state, r *core.Request) (any, error) {
	var in ec2.DescribeAddressesInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	m, err := compile(st.addressFields(), in.Filters)
	if err != nil {
		return nil, err
	}
	ids, err := pick(st.addresses, in.AllocationIds, kindEIP.missing)
	if err != nil {
		return nil, err
	}
	for _, ip := range in.PublicIps {
		if st.addressByIP(deref(ip)) == nil {
			return nil, core.NotFound("InvalidAddress.NotFound", "Address '%s' not found.", deref(ip))
		}
	}
	out := &ec2.DescribeAddressesOutput{Addresses: []*ec2.Address{}}
	for _, id := range ids {
		a := st.addresses[id]
		if listed(a.publicIP, in.PublicIps) && m.match(a, st.tags[id]) {
			out.Addresses = append(out.Addresses, st.renderAddress(a))
		}
	}
	return out, nil
}

func (st *state) addressByIP(ip string) *address {
	for _, a := range st.addresses {
		if a.publicIP == ip {
			return a
		}
	}
	return nil
}

// releaseAddress follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReleaseAddress.html:
// an address still associated cannot be released (InvalidIPAddress.InUse).
func (s *Service) releaseAddress(st *state, r *core.Request) (any, error) {
	var in ec2.ReleaseAddressInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	var a *address
	switch {
	case in.AllocationId != nil && in.PublicIp != nil:
		return nil, core.BadRequest("InvalidParameterCombination", "You may specify public IP or allocation id, but not both in the same call")
	case in.AllocationId != nil:
		if a = st.addresses[*in.AllocationId]; a == nil {
			return nil, kindEIP.missing(*in.AllocationId)
		}
	case in.PublicIp != nil:
		if a = st.addressByIP(*in.PublicIp); a == nil {
			return nil, core.NotFound("InvalidAddress.NotFound", "Address '%s' not found.", *in.PublicIp)
		}
	default:
		return nil, core.MissingParameter("allocationId")
	}
	if n := st.user(a); n != nil {
		return nil, core.BadRequest("InvalidIPAddress.InUse", "Address %s is in use by %s.", a.publicIP, n.id)
	}
	st.forget(a.allocID)
	delete(st.addresses, a.allocID)
	return &ec2.ReleaseAddressOutput{}, nil
}
