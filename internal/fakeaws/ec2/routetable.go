package ec2

import (
	"strconv"

	"github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/service/ec2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

type routeTable struct {
	id, vpcID string
	routes    []*route
	assocs    []*rtAssoc
}

type route struct {
	dest      string
	gatewayID string // "local" or igw-…
	natID     string
	origin    string // CreateRouteTable for the local route, CreateRoute otherwise
}

type rtAssoc struct {
	id, subnetID, gatewayID string
	main                    bool
}

// newRouteTable creates a table with the VPC's local route; the main table
// also gets the VPC's main association.
func (st *state) newRouteTable(v *vpc, main bool) *routeTable {
	t := &routeTable{id: st.id("rtb"), vpcID: v.id}
	t.routes = []*route{{dest: v.cidr.String(), gatewayID: "local", origin: "CreateRouteTable"}}
	if main {
		t.assocs = []*rtAssoc{{id: st.id("rtbassoc"), main: true}}
	}
	st.tables[t.id] = t
	return t
}

// routeState is "blackhole" when the target is gone: a NAT gateway that is
// deleted or an internet gateway no longer attached to the VPC.
func (st *state) routeState(t *routeTable, rt *route) string {
	switch {
	case rt.natID != "":
		n := st.nats[rt.natID]
		if n == nil || !n.holdsInterface(st.now(), st.env.Timing.NATGateway) {
			return "blackhole"
		}
	case rt.gatewayID != "" && rt.gatewayID != "local":
		g := st.igws[rt.gatewayID]
		if g == nil || g.vpcID != t.vpcID {
			return "blackhole"
		}
	}
	return "active"
}

func (st *state) renderRouteTable(t *routeTable) *ec2.RouteTable {
	out := &ec2.RouteTable{
		RouteTableId:    aws.String(t.id),
		VpcId:           aws.String(t.vpcID),
		OwnerId:         aws.String(core.AccountID),
		Routes:          []*ec2.Route{},
		Associations:    []*ec2.RouteTableAssociation{},
		PropagatingVgws: []*ec2.PropagatingVgw{},
		Tags:            st.tagList(t.id),
	}
	for _, rt := range t.routes {
		r := &ec2.Route{DestinationCidrBlock: aws.String(rt.dest), Origin: aws.String(rt.origin), State: aws.String(st.routeState(t, rt))}
		if rt.natID != "" {
			r.NatGatewayId = aws.String(rt.natID)
		} else {
			r.GatewayId = aws.String(rt.gatewayID)
		}
		out.Routes = append(out.Routes, r)
	}
	for _, a := range t.assocs {
		out.Associations = append(out.Associations, renderAssoc(t, a))
	}
	return out
}

func renderAssoc(t *routeTable, a *rtAssoc) *ec2.RouteTableAssociation {
	out := &ec2.RouteTableAssociation{
		RouteTableAssociationId: aws.String(a.id),
		RouteTableId:            aws.String(t.id),
		Main:                    aws.Bool(a.main),
		AssociationState:        &ec2.RouteTableAssociationState{State: aws.String("associated")},
	}
	if a.subnetID != "" {
		out.SubnetId = aws.String(a.subnetID)
	}
	if a.gatewayID != "" {
		out.GatewayId = aws.String(a.gatewayID)
	}
	return out
}

// createRouteTable follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateRouteTable.html;
// ClientToken makes it idempotent.
func (s *Service) createRouteTable(st *state, r *core.Request) (any, error) {
	var in ec2.CreateRouteTableInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	token := deref(in.ClientToken)
	in.ClientToken = nil
	if id, err := st.replay("CreateRouteTable", token, &in); err != nil || id != "" {
		if err != nil {
			return nil, err
		}
		return &ec2.CreateRouteTableOutput{ClientToken: aws.String(token), RouteTable: st.renderRouteTable(st.tables[id])}, nil
	}
	v, err := st.vpc(in.VpcId)
	if err != nil {
		return nil, err
	}
	tags, err := tagSpecs(in.TagSpecifications, "route-table")
	if err != nil {
		return nil, err
	}
	t := st.newRouteTable(v, false)
	st.setTags(t.id, tags)
	st.remember("CreateRouteTable", token, &in, t.id)
	out := &ec2.CreateRouteTableOutput{RouteTable: st.renderRouteTable(t)}
	if token != "" {
		out.ClientToken = aws.String(token)
	}
	return out, nil
}

func (st *state) routeTable(id *string) (*routeTable, error) {
	if deref(id) == "" {
		return nil, core.MissingParameter("routeTableId")
	}
	t := st.tables[*id]
	if t == nil {
		return nil, kindRTB.missing(*id)
	}
	return t, nil
}

func boolString(b bool) string { return strconv.FormatBool(b) }

var routeTableFields = fields[*routeTable]{
	"route-table-id": func(t *routeTable) []string { return one(t.id) },
	"vpc-id":         func(t *routeTable) []string { return one(t.vpcID) },
	"owner-id":       func(*routeTable) []string { return one(core.AccountID) },
	"association.route-table-association-id": func(t *routeTable) []string {
		return assocValues(t, func(a *rtAssoc) string { return a.id })
	},
	"association.route-table-id": func(t *routeTable) []string {
		return assocValues(t, func(*rtAssoc) string { return t.id })
	},
	"association.subnet-id":  func(t *routeTable) []string { return assocValues(t, func(a *rtAssoc) string { return a.subnetID }) },
	"association.gateway-id": func(t *routeTable) []string { return assocValues(t, func(a *rtAssoc) string { return a.gatewayID }) },
	// A table without associations has no value for association.main, so
	// "false" does not match it, as AWS documents.
	"association.main": func(t *routeTable) []string {
		return assocValues(t, func(a *rtAssoc) string { return boolString(a.main) })
	},
	"route.destination-cidr-block": func(t *routeTable) []string { return routeValues(t, func(r *route) string { return r.dest }) },
	"route.gateway-id":             func(t *routeTable) []string { return routeValues(t, func(r *route) string { return r.gatewayID }) },
	"route.nat-gateway-id":         func(t *routeTable) []string { return routeValues(t, func(r *route) string { return r.natID }) },
	"route.origin":                 func(t *routeTable) []string { return routeValues(t, func(r *route) string { return r.origin }) },
}

func assocValues(t *routeTable, get func(*rtAssoc) string) []string {
	var out []string
	for _, a := range t.assocs {
		if v := get(a); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func routeValues(t *routeTable, get func(*route) string) []string {
	var out []string
	for _, r := range t.routes {
		if v := get(r); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// describeRouteTables follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeRouteTables.html
// (MaxResults 5–100).
func (s *Service) describeRouteTables(st *state, r *core.Request) (any, error) {
	var in ec2.DescribeRouteTablesInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	fs := fields[*routeTable]{}
	for k, f := range routeTableFields {
		fs[k] = f
	}
	fs["route.state"] = func(t *routeTable) []string {
		return routeValues(t, func(rt *route) string { return st.routeState(t, rt) })
	}
	m, err := compile(fs, in.Filters)
	if err != nil {
		return nil, err
	}
	ids, err := pick(st.tables, in.RouteTableIds, kindRTB.missing)
	if err != nil {
		return nil, err
	}
	var hits []*routeTable
	for _, id := range ids {
		if t := st.tables[id]; m.match(t, st.tags[id]) {
			hits = append(hits, t)
		}
	}
	got, next, err := page(hits, in.MaxResults, in.NextToken, 5, 100)
	if err != nil {
		return nil, err
	}
	out := &ec2.DescribeRouteTablesOutput{NextToken: next, RouteTables: []*ec2.RouteTable{}}
	for _, t := range got {
		out.RouteTables = append(out.RouteTables, st.renderRouteTable(t))
	}
	return out, nil
}

// deleteRouteTable follows https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteRouteTable.html:
// the main table and a table with associations cannot be deleted.
func (s *Service) deleteRouteTable(st *state, r *core.Request) (any, error) {
	var in ec2.DeleteRouteTableInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	t, err := st.routeTable(in.RouteTableId)
	if err != nil {
		return nil, err
	}
	if len(t.assocs) > 0 {
		return nil, core.BadRequest("DependencyViolation", "The routeTable '%s' has dependencies and cannot be deleted.", t.id)
	}
	st.forget(t.id)
	delete(st.tables, t.id)
	return &ec2.DeleteRouteTableOutput{}, nil
}
