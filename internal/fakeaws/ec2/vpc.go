package ec2

import (
	"net/netip"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/service/ec2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

type vpc struct {
	id, assocID  string
	dhcpOptions  string
	cidr         netip.Prefix
	tenancy      string
	dnsSupport   bool
	dnsHostnames bool
	netUsage     bool
	mainTable    string
	defaultGroup string
}

func (st *state) renderVpc(v *vpc, stateName string) *ec2.Vpc {
	return &ec2.Vpc{
		VpcId:           aws.String(v.id),
		CidrBlock:       aws.String(v.cidr.String()),
		DhcpOptionsId:   aws.String(v.dhcpOptions),
		State:           aws.String(stateName),
		OwnerId:         aws.String(core.AccountID),
		InstanceTenancy: aws.String(v.tenancy),
		IsDefault:       aws.Bool(false),
		CidrBlockAssociationSet: []*ec2.VpcCidrBlockAssociation{{
			AssociationId:  aws.String(v.assocID),
			CidrBlock:      aws.String(v.cidr.String()),
			CidrBlockState: &ec2.VpcCidrBlockState{State: aws.String("associated")},
		}},
		Tags: st.tagList(v.id),
	}
}

// createVpc follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpc.html.
// Like AWS it also creates the VPC's main route table (with the local route)
// and its default security group
// (https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html).
// The answer says "pending"; Describe then says "available".
func (s *Service) createVpc(st *state, r *core.Request) (any, error) {
	var in ec2.CreateVpcInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	cidr, err := parseCIDR(deref(in.CidrBlock), "cidrBlock")
	if err != nil {
		return nil, err
	}
	if !sizeOK(cidr) {
		return nil, core.BadRequest("InvalidVpc.Range", "The CIDR '%s' is invalid.", deref(in.CidrBlock))
	}
	tenancy := deref(in.InstanceTenancy)
	switch tenancy {
	case "":
		tenancy = "default"
	case "default", "dedicated":
	default:
		return nil, core.BadRequest("InvalidParameterValue", "Value (%s) for parameter instanceTenancy is invalid.", tenancy)
	}
	tags, err := tagSpecs(in.TagSpecifications, "vpc")
	if err != nil {
		return nil, err
	}
	v := &vpc{id: st.id("vpc"), assocID: st.id("vpc-cidr-assoc"), cidr: cidr, tenancy: tenancy, dnsSupport: true, dhcpOptions: st.dhcpOptionsID}
	st.vpcs[v.id] = v
	st.setTags(v.id, tags)
	v.mainTable = st.newRouteTable(v, true).id
	v.defaultGroup = st.newDefaultGroup(v).id
	return &ec2.CreateVpcOutput{Vpc: st.renderVpc(v, "pending")}, nil
}

var vpcFields = fields[*vpc]{
	"cidr":                                  func(v *vpc) []string { return one(v.cidr.String()) },
	"cidr-block-association.cidr-block":     func(v *vpc) []string { return one(v.cidr.String()) },
	"cidr-block-association.association-id": func(v *vpc) []string { return one(v.assocID) },
	"cidr-block-association.state":          func(*vpc) []string { return one("associated") },
	"dhcp-options-id":                       func(v *vpc) []string { return one(v.dhcpOptions) },
	"is-default":                            func(*vpc) []string { return one("false") },
	"owner-id":                              func(*vpc) []string { return one(core.AccountID) },
	"state":                                 func(*vpc) []string { return one("available") },
	"vpc-id":                                func(v *vpc) []string { return one(v.id) },
}

// describeVpcs follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcs.html
// (MaxResults 5–1000).
func (s *Service) describeVpcs(st *state, r *core.Request) (any, error) {
	var in ec2.DescribeVpcsInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	m, err := compile(vpcFields, in.Filters)
	if err != nil {
		return nil, err
	}
	ids, err := pick(st.vpcs, in.VpcIds, kindVPC.missing)
	if err != nil {
		return nil, err
	}
	var hits []*vpc
	for _, id := range ids {
		if v := st.vpcs[id]; m.match(v, st.tags[id]) {
			hits = append(hits, v)
		}
	}
	got, next, err := page(hits, in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	out := &ec2.DescribeVpcsOutput{NextToken: next, Vpcs: []*ec2.Vpc{}}
	for _, v := range got {
		out.Vpcs = append(out.Vpcs, st.renderVpc(v, "available"))
	}
	return out, nil
}

func (st *state) vpc(id *string) (*vpc, error) {
	if deref(id) == "" {
		return nil, core.MissingParameter("vpcId")
	}
	v := st.vpcs[*id]
	if v == nil {
		return nil, kindVPC.missing(*id)
	}
	return v, nil
}

// deleteVpc follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteVpc.html:
// subnets, an attached internet gateway, security groups other than the
// default one and route tables other than the main one must go first.
func (s *Service) deleteVpc(st *state, r *core.Request) (any, error) {
	var in ec2.DeleteVpcInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	v, err := st.vpc(in.VpcId)
	if err != nil {
		return nil, err
	}
	if st.vpcHasDependencies(v) {
		return nil, core.BadRequest("DependencyViolation", "The vpc '%s' has dependencies and cannot be deleted.", v.id)
	}
	for _, id := range []string{v.mainTable, v.defaultGroup, v.id} {
		st.forget(id)
	}
	for _, r := range st.groups[v.defaultGroup].rules {
		st.forget(r.id)
	}
	delete(st.tables, v.mainTable)
	delete(st.groups, v.defaultGroup)
	delete(st.vpcs, v.id)
	return &ec2.DeleteVpcOutput{}, nil
}

func (st *state) vpcHasDependencies(v *vpc) bool {
	for _, sn := range st.subnets {
		if sn.vpcID == v.id {
			return true
		}
	}
	for _, g := range st.igws {
		if g.vpcID == v.id {
			return true
		}
	}
	for _, g := range st.groups {
		if g.vpcID == v.id && g.id != v.defaultGroup {
			return true
		}
	}
	for _, t := range st.tables {
		if t.vpcID == v.id && t.id != v.mainTable {
			return true
		}
	}
	return false
}

// modifyVpcAttribute follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVpcAttribute.html:
// one attribute per request.
func (s *Service) modifyVpcAttribute(st *state, r *core.Request) (any, error) {
	var in ec2.ModifyVpcAttributeInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	v, err := st.vpc(in.VpcId)
	if err != nil {
		return nil, err
	}
	set := 0
	for _, a := range []*ec2.AttributeBooleanValue{in.EnableDnsSupport, in.EnableDnsHostnames, in.EnableNetworkAddressUsageMetrics} {
		if a != nil {
			set++
		}
	}
	if set != 1 {
		return nil, core.BadRequest("InvalidParameterCombination", "Exactly one attribute must be modified per request; %d were given.", set)
	}
	switch {
	case in.EnableDnsSupport != nil:
		v.dnsSupport = aws.BoolValue(in.EnableDnsSupport.Value)
	case in.EnableDnsHostnames != nil:
		v.dnsHostnames = aws.BoolValue(in.EnableDnsHostnames.Value)
	default:
		v.netUsage = aws.BoolValue(in.EnableNetworkAddressUsageMetrics.Value)
	}
	return &ec2.ModifyVpcAttributeOutput{}, nil
}

// describeVpcAttribute follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcAttribute.html.
// A new non-default VPC has DNS support on and DNS hostnames off.
func (s *Service) describeVpcAttribute(st *state, r *core.Request) (any, error) {
	var in ec2.DescribeVpcAttributeInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	v, err := st.vpc(in.VpcId)
	if err != nil {
		return nil, err
	}
	out := &ec2.DescribeVpcAttributeOutput{VpcId: aws.String(v.id)}
	switch a := deref(in.Attribute); a {
	case "enableDnsSupport":
		out.EnableDnsSupport = &ec2.AttributeBooleanValue{Value: aws.Bool(v.dnsSupport)}
	case "enableDnsHostnames":
		out.EnableDnsHostnames = &ec2.AttributeBooleanValue{Value: aws.Bool(v.dnsHostnames)}
	case "enableNetworkAddressUsageMetrics":
		out.EnableNetworkAddressUsageMetrics = &ec2.AttributeBooleanValue{Value: aws.Bool(v.netUsage)}
	case "":
		return nil, core.MissingParameter("attribute")
	default:
		return nil, core.BadRequest("InvalidParameterValue", "Value (%s) for parameter attribute is invalid.", a)
	}
	return out, nil
}
