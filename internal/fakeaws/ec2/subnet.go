package ec2

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/service/ec2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

type subnet struct {
	id, vpcID string
	cidr      netip.Prefix
	zone      zone
	az        string // zone.name, kept apart for the Directory
	mapPublic bool
}

// freeAddresses is the block's size less the five addresses AWS reserves
// in every subnet and one per NAT gateway network interface in it.
func (st *state) freeAddresses(sn *subnet) int64 {
	n := int64(1)<<(32-sn.cidr.Bits()) - 5
	for _, g := range st.nats {
		if g.subnetID == sn.id && g.holdsInterface(st.now(), st.env.Timing.NATGateway) {
			n--
		}
	}
	return n
}

func (st *state) renderSubnet(sn *subnet, stateName string) *ec2.Subnet {
	return &ec2.Subnet{
		SubnetId:                    aws.String(sn.id),
		SubnetArn:                   aws.String(core.ARN("ec2", st.region, "subnet/"+sn.id)),
		VpcId:                       aws.String(sn.vpcID),
		CidrBlock:                   aws.String(sn.cidr.String()),
		AvailabilityZone:            aws.String(sn.zone.name),
		AvailabilityZoneId:          aws.String(sn.zone.id),
		AvailableIpAddressCount:     aws.Int64(st.freeAddresses(sn)),
		DefaultForAz:                aws.Bool(false),
		MapPublicIpOnLaunch:         aws.Bool(sn.mapPublic),
		MapCustomerOwnedIpOnLaunch:  aws.Bool(false),
		AssignIpv6AddressOnCreation: aws.Bool(false),
		EnableDns64:                 aws.Bool(false),
		Ipv6Native:                  aws.Bool(false),
		State:                       aws.String(stateName),
		OwnerId:                     aws.String(core.AccountID),
		PrivateDnsNameOptionsOnLaunch: &ec2.PrivateDnsNameOptionsOnLaunch{
			HostnameType:                    aws.String("ip-name"),
			EnableResourceNameDnsARecord:    aws.Bool(false),
			EnableResourceNameDnsAAAARecord: aws.Bool(false),
		},
		Tags: st.tagList(sn.id),
	}
}

// createSubnet follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSubnet.html:
// the block must be /16–/28 and inside the VPC's block (InvalidSubnet.Range)
// and must not overlap another subnet of the VPC (InvalidSubnet.Conflict).
// Without a zone AWS chooses one; the fake chooses the region's first.
func (s *Service) createSubnet(st *state, r *core.Request) (any, error) {
	var in ec2.CreateSubnetInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	v, err := st.vpc(in.VpcId)
	if err != nil {
		return nil, err
	}
	cidr, err := parseCIDR(deref(in.CidrBlock), "cidrBlock")
	if err != nil {
		return nil, err
	}
	if !sizeOK(cidr) || !within(cidr, v.cidr) {
		return nil, core.BadRequest("InvalidSubnet.Range", "The CIDR '%s' is invalid.", deref(in.CidrBlock))
	}
	for _, other := range st.subnets {
		if other.vpcID == v.id && other.cidr.Overlaps(cidr) {
			return nil, core.BadRequest("InvalidSubnet.Conflict", "The CIDR '%s' conflicts with another subnet", deref(in.CidrBlock))
		}
	}
	z, err := st.subnetZone(deref(in.AvailabilityZone), deref(in.AvailabilityZoneId))
	if err != nil {
		return nil, err
	}
	tags, err := tagSpecs(in.TagSpecifications, "subnet")
	if err != nil {
		return nil, err
	}
	sn := &subnet{id: st.id("subnet"), vpcID: v.id, cidr: cidr, zone: z, az: z.name}
	st.subnets[sn.id] = sn
	st.setTags(sn.id, tags)
	return &ec2.CreateSubnetOutput{Subnet: st.renderSubnet(sn, "pending")}, nil
}

func (st *state) subnetZone(name, id string) (zone, error) {
	all := zones(st.region)
	switch {
	case name != "" && id != "":
		return zone{}, core.BadRequest("InvalidParameterCombination", "Only one of availabilityZone or availabilityZoneId may be given.")
	case name == "" && id == "":
		return all[0], nil
	}
	if z, ok := zoneByNameOrID(st.region, name, id); ok {
		return z, nil
	}
	names := make([]string, len(all))
	for i, z := range all {
		names[i] = z.name
	}
	param, val := "availabilityZone", name
	if name == "" {
		param, val = "availabilityZoneId", id
	}
	return zone{}, core.BadRequest("InvalidParameterValue",
		"Value (%s) for parameter %s is invalid. Subnets can currently only be created in the following availability zones: %s.",
		val, param, strings.Join(names, ", "))
}

var subnetFields = fields[*subnet]{
	"availability-zone":       func(sn *subnet) []string { return one(sn.zone.name) },
	"availabilityZone":        func(sn *subnet) []string { return one(sn.zone.name) },
	"availability-zone-id":    func(sn *subnet) []string { return one(sn.zone.id) },
	"availabilityZoneId":      func(sn *subnet) []string { return one(sn.zone.id) },
	"cidr":                    func(sn *subnet) []string { return one(sn.cidr.String()) },
	"cidrBlock":               func(sn *subnet) []string { return one(sn.cidr.String()) },
	"cidr-block":              func(sn *subnet) []string { return one(sn.cidr.String()) },
	"default-for-az":          func(*subnet) []string { return one("false") },
	"defaultForAz":            func(*subnet) []string { return one("false") },
	"map-public-ip-on-launch": func(sn *subnet) []string { return one(strconv.FormatBool(sn.mapPublic)) },
	"owner-id":                func(*subnet) []string { return one(core.AccountID) },
	"state":                   func(*subnet) []string { return one("available") },
	"subnet-id":               func(sn *subnet) []string { return one(sn.id) },
	"vpc-id":                  func(sn *subnet) []string { return one(sn.vpcID) },
}

// describeSubnets follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSubnets.html
// (MaxResults 5–1000).
func (s *Service) describeSubnets(st *state, r *core.Request) (any, error) {
	var in ec2.DescribeSubnetsInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	m, err := compile(subnetFields, in.Filters)
	if err != nil {
		return nil, err
	}
	ids, err := pick(st.subnets, in.SubnetIds, kindSubnet.missing)
	if err != nil {
		return nil, err
	}
	var hits []*subnet
	for _, id := range ids {
		if sn := st.subnets[id]; m.match(sn, st.tags[id]) {
			hits = append(hits, sn)
		}
	}
	got, next, err := page(hits, in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	out := &ec2.DescribeSubnetsOutput{NextToken: next, Subnets: []*ec2.Subnet{}}
	for _, sn := range got {
		out.Subnets = append(out.Subnets, st.renderSubnet(sn, "available"))
	}
	return out, nil
}

func (st *state) subnet(id *string) (*subnet, error) {
	if deref(id) == "" {
		return nil, core.MissingParameter("subnetId")
	}
	sn := st.subnets[*id]
	if sn == nil {
		return nil, kindSubnet.missing(*id)
	}
	return sn, nil
}

// deleteSubnet follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteSubnet.html:
// a subnet that still holds a network interface (here: a NAT gateway that
// is not yet deleted) cannot be deleted. Its route table association goes
// with it.
func (s *Service) deleteSubnet(st *state, r *core.Request) (any, error) {
	var in ec2.DeleteSubnetInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	sn, err := st.subnet(in.SubnetId)
	if err != nil {
		return nil, err
	}
	for _, g := range st.nats {
		if g.subnetID == sn.id && g.holdsInterface(st.now(), st.env.Timing.NATGateway) {
			return nil, core.BadRequest("DependencyViolation", "The subnet '%s' has dependencies and cannot be deleted.", sn.id)
		}
	}
	for _, t := range st.tables {
		kept := t.assocs[:0]
		for _, a := range t.assocs {
			if a.subnetID != sn.id {
				kept = append(kept, a)
			}
		}
		t.assocs = kept
	}
	st.forget(sn.id)
	delete(st.subnets, sn.id)
	return &ec2.DeleteSubnetOutput{}, nil
}

// modifySubnetAttribute follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifySubnetAttribute.html
// for MapPublicIpOnLaunch; other attributes are accepted and not kept.
func (s *Service) modifySubnetAttribute(st *state, r *core.Request) (any, error) {
	var in ec2.ModifySubnetAttributeInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	sn, err := st.subnet(in.SubnetId)
	if err != nil {
		return nil, err
	}
	if in.MapPublicIpOnLaunch != nil {
		sn.mapPublic = aws.BoolValue(in.MapPublicIpOnLaunch.Value)
	}
	return &ec2.ModifySubnetAttributeOutput{}, nil
}
