package ec2

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

type routeTableAPI interface {
	tagsAPI
	CreateRouteTable(ctx context.Context, in *ec2.CreateRouteTableInput, optFns ...func(*ec2.Options)) (*ec2.CreateRouteTableOutput, error)
	DescribeRouteTables(ctx context.Context, in *ec2.DescribeRouteTablesInput, optFns ...func(*ec2.Options)) (*ec2.DescribeRouteTablesOutput, error)
	DeleteRouteTable(ctx context.Context, in *ec2.DeleteRouteTableInput, optFns ...func(*ec2.Options)) (*ec2.DeleteRouteTableOutput, error)
	CreateRoute(ctx context.Context, in *ec2.CreateRouteInput, optFns ...func(*ec2.Options)) (*ec2.CreateRouteOutput, error)
	ReplaceRoute(ctx context.Context, in *ec2.ReplaceRouteInput, optFns ...func(*ec2.Options)) (*ec2.ReplaceRouteOutput, error)
	DeleteRoute(ctx context.Context, in *ec2.DeleteRouteInput, optFns ...func(*ec2.Options)) (*ec2.DeleteRouteOutput, error)
	AssociateRouteTable(ctx context.Context, in *ec2.AssociateRouteTableInput, optFns ...func(*ec2.Options)) (*ec2.AssociateRouteTableOutput, error)
	DisassociateRouteTable(ctx context.Context, in *ec2.DisassociateRouteTableInput, optFns ...func(*ec2.Options)) (*ec2.DisassociateRouteTableOutput, error)
	ReplaceRouteTableAssociation(ctx context.Context, in *ec2.ReplaceRouteTableAssociationInput, optFns ...func(*ec2.Options)) (*ec2.ReplaceRouteTableAssociationOutput, error)
}

// routeTableKind manages ec2.route_table: vpc_id*, routes (Set),
// associations (Set of subnet IDs), tags.
type routeTableKind struct{ api routeTableAPI }

var rtF = names.RouteTable

func (k routeTableKind) Observe(ctx context.Context, id desired.Identity) (kit.Observation, error) {
	p := ec2.NewDescribeRouteTablesPaginator(k.api, &ec2.DescribeRouteTablesInput{Filters: envFilter(id)})
	return collect(ctx, id, "route tables", kit.Pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeRouteTablesOutput) []types.RouteTable { return o.RouteTables }),
		func(t types.RouteTable) []types.Tag { return t.Tags },
		kit.Always(func(t types.RouteTable) reconcile.Live { return routeTableLive(t, observedTags(t.Tags)) }))
}

// routeTableLive maps a table. A route table exists or not: it is ready
// at once.
func routeTableLive(t types.RouteTable, tags map[string]any) reconcile.Live {
	routes, assocs := desired.Set{}, desired.Set{}
	for _, r := range t.Routes {
		if rt, ok := routeOf(r); ok {
			routes = append(routes, rt.fields())
		}
	}
	attrs := map[string]string{}
	for _, a := range t.Associations {
		subnet := aws.ToString(a.SubnetId)
		if subnet == "" || aws.ToBool(a.Main) || !associated(a.AssociationState) {
			continue
		}
		assocs = append(assocs, subnet)
		attrs[assocAttr(subnet)] = aws.ToString(a.RouteTableAssociationId)
	}
	return reconcile.Live{
		ID: aws.ToString(t.RouteTableId),
		Fields: map[string]any{
			rtF.VPCID:        aws.ToString(t.VpcId),
			rtF.Routes:       routes,
			rtF.Associations: assocs,
			rtF.Tags:         tags,
		},
		Attrs:  attrs,
		Ready:  true,
		Status: "available",
	}
}

// Create is idempotent through its ClientToken: a retry gets the same table
// back, with whatever routes and associations the first attempt made, and
// completes them from there.
func (k routeTableKind) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	vpc, err := kit.String(r.Fields, rtF.VPCID)
	if err != nil {
		return reconcile.Live{}, err
	}
	tags, err := kit.Tags(id, r)
	if err != nil {
		return reconcile.Live{}, err
	}
	token, err := clientToken(id, r, "")
	if err != nil {
		return reconcile.Live{}, err
	}
	res, err := k.api.CreateRouteTable(ctx, &ec2.CreateRouteTableInput{
		VpcId: aws.String(vpc), ClientToken: aws.String(token), TagSpecifications: tagSpec(types.ResourceTypeRouteTable, tags),
	})
	if err != nil {
		return reconcile.Live{}, err
	}
	live := routeTableLive(*res.RouteTable, tagsOf(tags))
	live.Address = r.Address
	return k.Update(ctx, id, r, live, kit.DeltaOf(r, live))
}

// steps: routes before associations, so that a subnet moved onto the
// table finds its default route already there; tags last.
func (k routeTableKind) steps() kit.Steps {
	return kit.Steps{kit.On(k.syncRoutes, rtF.Routes), kit.On(k.syncAssociations, rtF.Associations), kit.On(tagStep(k.api), rtF.Tags)}
}

func (k routeTableKind) syncRoutes(ctx context.Context, c kit.Change) error {
	create, replace, remove, err := routeChanges(c.Delta.SetChange(rtF.Routes))
	if err != nil {
		return err
	}
	for _, rt := range remove {
		if _, err := k.api.DeleteRoute(ctx, rt.deleteInput(c.Live.ID)); err != nil && !isNotFound(err) {
			return fmt.Errorf("delete route to %s: %w", rt.dest, err)
		}
	}
	for _, rt := range replace {
		in, err := rt.replaceInput(c.Live.ID)
		if err == nil {
			_, err = k.api.ReplaceRoute(ctx, in)
		}
		if err != nil {
			return fmt.Errorf("replace route to %s: %w", rt.dest, err)
		}
	}
	for _, rt := range create {
		in, err := rt.createInput(c.Live.ID)
		if err == nil {
			_, err = k.api.CreateRoute(ctx, in)
		}
		if err != nil {
			return fmt.Errorf("create route to %s: %w", rt.dest, err)
		}
	}
	return nil
}

func (k routeTableKind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	live.Attrs = ownAttrs(live.Attrs)
	return k.steps().Run(ctx, kit.Change{ID: id, Want: r, Live: live, Delta: delta})
}

// Delete disassociates first: AWS refuses to delete a table with subnets.
func (k routeTableKind) Delete(ctx context.Context, live reconcile.Live) error {
	live.Attrs = ownAttrs(live.Attrs)
	subnets, err := kit.Strings(live.Fields, rtF.Associations)
	if err != nil {
		return err
	}
	for _, s := range subnets {
		if err := k.disassociate(ctx, live, s); err != nil {
			return err
		}
	}
	_, err = k.api.DeleteRouteTable(ctx, &ec2.DeleteRouteTableInput{RouteTableId: aws.String(live.ID)})
	return Errors.IgnoreNotFound(err)
}
