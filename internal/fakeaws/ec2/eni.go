package ec2

import (
	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/service/ec2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// kindENI names network interfaces. The fake makes none of its own: the
// interfaces it lists are those AWS makes for the NAT gateways (requester
// managed, interface type nat_gateway). Load balancers and tasks live in
// other fake services and have no interface here.
var kindENI = kind{"eni", "network-interface", "InvalidNetworkInterfaceID.NotFound", "InvalidNetworkInterfaceID.Malformed", "network interface ID"}

// eni is the network interface of a NAT gateway.
type eni struct {
	id, subnetID, vpcID, zone, privateIP, natID string
}

// interfaces lists the interfaces that exist now, by ID.
func (st *state) interfaces() map[string]*eni {
	out := map[string]*eni{}
	for _, n := range st.nats {
		if !n.holdsInterface(st.now(), st.env.Timing.NATGateway) {
			continue
		}
		zone := ""
		if sn := st.subnets[n.subnetID]; sn != nil {
			zone = sn.zone.name
		}
		out[n.eniID] = &eni{id: n.eniID, subnetID: n.subnetID, vpcID: n.vpcID, zone: zone, privateIP: n.privateIP, natID: n.id}
	}
	return out
}

var eniFields = fields[*eni]{
	"network-interface-id": func(e *eni) []string { return one(e.id) },
	"subnet-id":            func(e *eni) []string { return one(e.subnetID) },
	"vpc-id":               func(e *eni) []string { return one(e.vpcID) },
	"availability-zone":    func(e *eni) []string { return one(e.zone) },
	"interface-type":       func(*eni) []string { return one("nat_gateway") },
	"requester-managed":    func(*eni) []string { return one("true") },
	"status":               func(*eni) []string { return one("in-use") },
	// A NAT gateway's interface has no security group.
	"group-id": func(*eni) []string { return nil },
}

// describeNetworkInterfaces follows
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeNetworkInterfaces.html
// (filters vpc-id, subnet-id, group-id, …; MaxResults 5–1000).
func (s *Service) describeNetworkInterfaces(st *state, r *core.Request) (any, error) {
	var in ec2.DescribeNetworkInterfacesInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	m, err := compile(eniFields, in.Filters)
	if err != nil {
		return nil, err
	}
	all := st.interfaces()
	ids, err := pick(all, in.NetworkInterfaceIds, kindENI.missing)
	if err != nil {
		return nil, err
	}
	var hits []*eni
	for _, id := range ids {
		if e := all[id]; m.match(e, st.tags[id]) {
			hits = append(hits, e)
		}
	}
	got, next, err := page(hits, in.MaxResults, in.NextToken, 5, 1000)
	if err != nil {
		return nil, err
	}
	out := &ec2.DescribeNetworkInterfacesOutput{NextToken: next, NetworkInterfaces: []*ec2.NetworkInterface{}}
	for _, e := range got {
		out.NetworkInterfaces = append(out.NetworkInterfaces, &ec2.NetworkInterface{
			NetworkInterfaceId: aws.String(e.id), SubnetId: aws.String(e.subnetID), VpcId: aws.String(e.vpcID),
			AvailabilityZone: aws.String(e.zone), PrivateIpAddress: aws.String(e.privateIP),
			// The filter says nat_gateway; the answer says natGateway.
			InterfaceType: aws.String("natGateway"), RequesterManaged: aws.Bool(true), Status: aws.String("in-use"),
			Description: aws.String("Interface for NAT Gateway " + e.natID), Groups: []*ec2.GroupIdentifier{},
		})
	}
	return out, nil
}
