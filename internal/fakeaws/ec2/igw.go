package ec2

import (
	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/service/ec2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

type internetGateway struct {
	id    string
	vpcID string // "" while detached
}

func (st *state) renderIGW(g *internetGateway) *ec2.InternetGateway {
	out := &ec2.InternetGateway{
		InternetGatewayId: aws.String(g.id),
		OwnerId:           aws.String(core.AccountID),
		Attachments:       []*ec2.InternetGatewayAttachment{},
		Tags:              st.tagList(g.id),
	}
	if g.vpcID != "" {
		// An attached internet gateway reports its attachment as "available".
		out.Attachments = append(out.Attachments, &ec2.InternetGatewayAttachment{VpcId: aws.String(g.vpcID), State: aws.String("available")})
	}
	return out
}

// createInternetGateway follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateInternetGateway.html
func (s *Service) createInternetGateway(st *state, r *core.Request) (any, error) {
	var in ec2.CreateInternetGatewayInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	tags, err := tagSpecs(in.TagSpecifications, "internet-gateway")
	if err != nil {
		return nil, err
	}
	g := &internetGateway{id: st.id("igw")}
	st.igws[g.id] = g
	st.setTags(g.id, tags)
	return &ec2.CreateInternetGatewayOutput{InternetGateway: st.renderIGW(g)}, nil
}

func (st *state) igw(id *string) (*internetGateway, error) {
	if deref(id) == "" {
		return nil, core.MissingParameter("internetGatewayId")
	}
	g := st.igws[*id]
	if g == nil {
		return nil, kindIGW.missing(*id)
	}
	return g, nil
}

// attachInternetGateway follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AttachInternetGateway.html:
// a gateway attaches to one VPC, and a VPC has at most one gateway.
func (s *Service) attachInternetGateway(st *state, r *core.Request) (any, error) {
	var in ec2.AttachInternetGatewayInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	g, err := st.igw(in.InternetGatewayId)
	if err != nil {
		return nil, err
	}
	v, err := st.vpc(in.VpcId)
	if err != nil {
		return nil, err
	}
	if g.vpcID != "" {
		return nil, core.BadRequest("Resource.AlreadyAssociated", "resource %s is already attached to network %s", g.id, g.vpcID)
	}
	for _, other := range st.igws {
		if other.vpcID == v.id {
			return nil, core.BadRequest("Resource.AlreadyAssociated", "Network %s already has an internet gateway attached", v.id)
		}
	}
	g.vpcID = v.id
	return &ec2.AttachInternetGatewayOutput{}, nil
}

// detachInternetGateway follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DetachInternetGateway.html:
// the VPC must have no running resources with public addresses (here: a
// public NAT gateway).
func (s *Service) detachInternetGateway(st *state, r *core.Request) (any, error) {
	var in ec2.DetachInternetGatewayInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	g, err := st.igw(in.InternetGatewayId)
	if err != nil {
		return nil, err
	}
	v, err := st.vpc(in.VpcId)
	if err != nil {
		return nil, err
	}
	if g.vpcID != v.id {
		return nil, core.BadRequest("Gateway.NotAttached", "resource %s is not attached to network %s", g.id, v.id)
	}
	for _, n := range st.nats {
		if n.vpcID == v.id && n.publicIP != "" && n.holdsInterface(st.now(), st.env.Timing.NATGateway) {
			return nil, core.BadRequest("DependencyViolation", "Network %s has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.", v.id)
		}
	}
	g.vpcID = ""
	return &ec2.DetachInternetGatewayOutput{}, nil
}

var igwFields = fields[*internetGateway]{
	"attachment.state": func(g *internetGateway) []string {
		if g.vpcID == "" {
			return nil
		}
		return one("available")
	},
	"attachment.vpc-id":   func(g *internetGateway) []string { return one(g.vpcID) },
	"internet-gateway-id": func(g *internetGateway) []string { return one(g.id) },
	"owner-id":            func(*internetGateway) []string { return one(core.AccountID) },
}

// describeInternetGateways follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInternetGateways.html
// (MaxResults 5–1000).
func (s *Service) describeInternetGateways(st *state, r *core.Request) (any, error) {
	var in ec2.DescribeInternetGatewaysInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	m, err := compile(igwFields, in.Filters)
	if err != nil {
		return nil, err
	}
	ids, err := pick(st.igws, in.InternetGatewayIds, kindIGW.missing)
	if err != nil {
		return nil, err
	}
	var hits []*internetGateway
	for _, id := range ids {
		if g := st.igws[id]; m.match(g, st.tags[id]) {
			hits = append(hits, g)
		}
	}
	got, next, err := page(hits, in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	out := &ec2.DescribeInternetGatewaysOutput{NextToken: next, InternetGateways: []*ec2.InternetGateway{}}
	for _, g := range got {
		out.InternetGateways = append(out.InternetGateways, st.renderIGW(g))
	}
	return out, nil
}

// deleteInternetGateway follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteInternetGateway.html:
// it must be detached first.
func (s *Service) deleteInternetGateway(st *state, r *core.Request) (any, error) {
	var in ec2.DeleteInternetGatewayInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	g, err := st.igw(in.InternetGatewayId)
	if err != nil {
		return nil, err
	}
	if g.vpcID != "" {
		return nil, core.BadRequest("DependencyViolation", "The internetGateway '%s' has dependencies and cannot be deleted.", g.id)
	}
	st.forget(g.id)
	delete(st.igws, g.id)
	return &ec2.DeleteInternetGatewayOutput{}, nil
}
