package ec2

import (
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/service/ec2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// deletedNATVisibility is how long a deleted or failed NAT gateway stays
// visible: "Deleted NAT gateways are visible for about an hour"
// (https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-working-with.html).
const deletedNATVisibility = time.Hour

type natGateway struct {
	id, subnetID, vpcID, connectivity string
	allocID, publicIP, assocID        string
	eniID, privateIP                  string
	created, deleteAt                 time.Time // deleteAt is zero until DeleteNatGateway
	failCode, failMsg                 string    // set when creation is bound to fail
}

// status computes the state from the clock, so that nothing runs in the
// background: pending → available (or failed), then deleting → deleted,
// each transition taking d (Env.Timing.NATGateway).
func (n *natGateway) status(now time.Time, d time.Duration) string {
	switch {
	case !n.deleteAt.IsZero() && now.Before(n.deleteAt.Add(d)):
		return "deleting"
	case !n.deleteAt.IsZero():
		return "deleted"
	case now.Before(n.created.Add(d)):
		return "pending"
	case n.failCode != "":
		return "failed"
	default:
		return "available"
	}
}

// ended is when the gateway reached deleted or failed (zero if it has not).
func (n *natGateway) ended(now time.Time, d time.Duration) (time.Time, bool) {
	switch n.status(now, d) {
	case "deleted":
		return n.deleteAt.Add(d), true
	case "failed":
		return n.created.Add(d), true
	}
	return time.Time{}, false
}

// visible reports whether Describe still shows the gateway.
func (n *natGateway) visible(now time.Time, d time.Duration) bool {
	end, done := n.ended(now, d)
	return !done || now.Before(end.Add(deletedNATVisibility))
}

// holdsInterface reports whether the gateway still has its network
// interface (and Elastic IP) in its subnet.
func (n *natGateway) holdsInterface(now time.Time, d time.Duration) bool {
	if n.failCode != "" {
		return false
	}
	switch n.status(now, d) {
	case "pending", "available", "deleting":
		return true
	}
	return false
}

func (st *state) renderNAT(n *natGateway) *ec2.NatGateway {
	now, d := st.now(), st.env.Timing.NATGateway
	state := n.status(now, d)
	out := &ec2.NatGateway{
		NatGatewayId:     aws.String(n.id),
		SubnetId:         aws.String(n.subnetID),
		VpcId:            aws.String(n.vpcID),
		ConnectivityType: aws.String(n.connectivity),
		State:            aws.String(state),
		CreateTime:       aws.Time(n.created),
		Tags:             st.tagList(n.id),
	}
	if state == "deleted" {
		out.DeleteTime = aws.Time(n.deleteAt.Add(d))
	}
	if state == "failed" {
		out.FailureCode, out.FailureMessage = aws.String(n.failCode), aws.String(n.failMsg)
		return out
	}
	addr := &ec2.NatGatewayAddress{
		NetworkInterfaceId: aws.String(n.eniID),
		PrivateIp:          aws.String(n.privateIP),
		IsPrimary:          aws.Bool(true),
		Status:             aws.String(map[string]string{"pending": "associating", "deleting": "disassociating", "deleted": "disassociated"}[state]),
	}
	if *addr.Status == "" {
		addr.Status = aws.String("succeeded")
	}
	if n.allocID != "" {
		addr.AllocationId, addr.PublicIp, addr.AssociationId = aws.String(n.allocID), aws.String(n.publicIP), aws.String(n.assocID)
	}
	out.NatGatewayAddresses = []*ec2.NatGatewayAddress{addr}
	return out
}

// createNatGateway follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateNatGateway.html.
// A public gateway needs an Elastic IP allocation; if that address is
// already in use, AWS accepts the call and the gateway fails
// (FailureCode Resource.AlreadyAssociated). ClientToken makes it idempotent.
func (s *Service) createNatGateway(st *state, r *core.Request) (any, error) {
	var in ec2.CreateNatGatewayInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	token := deref(in.ClientToken)
	in.ClientToken = nil
	if id, err := st.replay("CreateNatGateway", token, &in); err != nil || id != "" {
		if err != nil {
			return nil, err
		}
		return &ec2.CreateNatGatewayOutput{ClientToken: aws.String(token), NatGateway: st.renderNAT(st.nats[id])}, nil
	}
	sn, err := st.subnet(in.SubnetId)
	if err != nil {
		return nil, err
	}
	conn := deref(in.ConnectivityType)
	switch {
	case conn == "":
		conn = "public"
	case conn != "public" && conn != "private":
		return nil, core.BadRequest("InvalidParameterValue", "Value (%s) for parameter connectivityType is invalid.", conn)
	}
	var a *address
	switch {
	case conn == "public" && in.AllocationId == nil:
		return nil, core.MissingParameter("AllocationId")
	case conn == "private" && in.AllocationId != nil:
		return nil, core.BadRequest("InvalidParameterCombination", "A private NAT gateway cannot have an Elastic IP address.")
	case in.AllocationId != nil:
		if a = st.addresses[*in.AllocationId]; a == nil {
			return nil, kindEIP.missing(*in.AllocationId)
		}
	}
	tags, err := tagSpecs(in.TagSpecifications, "natgateway")
	if err != nil {
		return nil, err
	}
	n := &natGateway{
		id: st.id("nat"), subnetID: sn.id, vpcID: sn.vpcID, connectivity: conn,
		eniID: st.id("eni"), privateIP: st.privateIP(sn), created: st.now(),
	}
	if a != nil {
		if other := st.user(a); other != nil {
			n.failCode = "Resource.AlreadyAssociated"
			n.failMsg = fmt.Sprintf("Elastic IP address [%s] is already associated", a.allocID)
		} else {
			n.allocID, n.publicIP, n.assocID = a.allocID, a.publicIP, st.id("eipassoc")
		}
	}
	st.nats[n.id] = n
	st.setTags(n.id, tags)
	st.remember("CreateNatGateway", token, &in, n.id)
	out := &ec2.CreateNatGatewayOutput{NatGateway: st.renderNAT(n)}
	if token != "" {
		out.ClientToken = aws.String(token)
	}
	return out, nil
}

// privateIP picks the next free host address of the subnet after the
// four AWS reserves at its start.
func (st *state) privateIP(sn *subnet) string {
	used := map[string]bool{}
	for _, n := range st.nats {
		if n.subnetID == sn.id {
			used[n.privateIP] = true
		}
	}
	ip := sn.cidr.Addr()
	for range 4 {
		ip = ip.Next()
	}
	for used[ip.String()] && sn.cidr.Contains(ip.Next()) {
		ip = ip.Next()
	}
	return ip.String()
}

func (st *state) natFields() fields[*natGateway] {
	return fields[*natGateway]{
		"nat-gateway-id": func(n *natGateway) []string { return one(n.id) },
		"state":          func(n *natGateway) []string { return one(n.status(st.now(), st.env.Timing.NATGateway)) },
		"subnet-id":      func(n *natGateway) []string { return one(n.subnetID) },
		"vpc-id":         func(n *natGateway) []string { return one(n.vpcID) },
	}
}

// describeNatGateways follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeNatGateways.html
// (MaxResults 5–1000). Deleted gateways stay visible for about an hour.
func (s *Service) describeNatGateways(st *state, r *core.Request) (any, error) {
	var in ec2.DescribeNatGatewaysInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	m, err := compile(st.natFields(), in.Filter)
	if err != nil {
		return nil, err
	}
	visible := map[string]*natGateway{}
	for id, n := range st.nats {
		if n.visible(st.now(), st.env.Timing.NATGateway) {
			visible[id] = n
		}
	}
	ids, err := pick(visible, in.NatGatewayIds, st.natMissing)
	if err != nil {
		return nil, err
	}
	var hits []*natGateway
	for _, id := range ids {
		if n := visible[id]; m.match(n, st.tags[id]) {
			hits = append(hits, n)
		}
	}
	got, next, err := page(hits, in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	out := &ec2.DescribeNatGatewaysOutput{NextToken: next, NatGateways: []*ec2.NatGateway{}}
	for _, n := range got {
		out.NatGateways = append(out.NatGateways, st.renderNAT(n))
	}
	return out, nil
}

// natMissing is NatGatewayNotFound, whose message names the gateway
// without quotes.
func (st *state) natMissing(id string) error {
	return core.NotFound("NatGatewayNotFound", "NAT gateway %s was not found", id)
}

// deleteNatGateway follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteNatGateway.html:
// the gateway goes to deleting, then deleted; its Elastic IP is released
// from it at the end. Deleting one already on its way out is not an error.
func (s *Service) deleteNatGateway(st *state, r *core.Request) (any, error) {
	var in ec2.DeleteNatGatewayInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	id := deref(in.NatGatewayId)
	if id == "" {
		return nil, core.MissingParameter("NatGatewayId")
	}
	n := st.nats[id]
	if n == nil || !n.visible(st.now(), st.env.Timing.NATGateway) {
		return nil, st.natMissing(id)
	}
	if n.deleteAt.IsZero() {
		n.deleteAt = st.now()
		if n.failCode != "" {
			// A failed gateway has nothing to tear down.
			n.deleteAt = st.now().Add(-st.env.Timing.NATGateway)
		}
	}
	return &ec2.DeleteNatGatewayOutput{NatGatewayId: aws.String(n.id)}, nil
}
