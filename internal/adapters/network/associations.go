package network

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// The associations of a route table: the `associations` Set of subnet IDs.

// assocAttr keys, in Live.Attrs, the association ID of each associated
// subnet: Update and Delete need it to disassociate, and carrying it in
// the observation spares them a second Describe.
func assocAttr(subnet string) string { return "association_id:" + subnet }

// associated: an association on its way out no longer routes the subnet.
func associated(s *types.RouteTableAssociationState) bool {
	if s == nil {
		return true
	}
	return s.State == types.RouteTableAssociationStateCodeAssociated || s.State == types.RouteTableAssociationStateCodeAssociating
}

// syncAssociations keeps live.Attrs' association IDs current; callers pass
// a Live whose Attrs they own.
func (k routeTableKind) syncAssociations(ctx context.Context, r desired.Resource, live reconcile.Live) error {
	want, err := set(r.Fields, "associations")
	if err != nil {
		return err
	}
	have, err := set(live.Fields, "associations")
	if err != nil {
		return err
	}
	add, remove := diffSet(want, have)
	for _, s := range remove {
		subnet, _ := s.(string)
		id := live.Attrs[assocAttr(subnet)]
		if _, err := k.api.DisassociateRouteTable(ctx, &ec2.DisassociateRouteTableInput{AssociationId: aws.String(id)}); err != nil && !isNotFound(err) {
			return fmt.Errorf("disassociate %s: %w", subnet, err)
		}
		delete(live.Attrs, assocAttr(subnet))
	}
	for _, s := range add {
		subnet, ok := s.(string)
		if !ok {
			return badInput("association: want subnet ID, got %T", s)
		}
		id, err := k.associate(ctx, live.ID, subnet)
		if err != nil {
			return fmt.Errorf("associate %s: %w", subnet, err)
		}
		live.Attrs[assocAttr(subnet)] = id
	}
	return nil
}

// associate routes subnet through table. A subnet has one explicit table:
// one that another table holds (a move from the shared private table to
// one per AZ) is taken over with ReplaceRouteTableAssociation, atomically,
// so the subnet never falls back to the main table in between.
func (k routeTableKind) associate(ctx context.Context, table, subnet string) (string, error) {
	res, err := k.api.AssociateRouteTable(ctx, &ec2.AssociateRouteTableInput{RouteTableId: aws.String(table), SubnetId: aws.String(subnet)})
	if err == nil {
		return aws.ToString(res.AssociationId), nil
	}
	if errorCode(err) != "Resource.AlreadyAssociated" {
		return "", err
	}
	held, err := k.api.DescribeRouteTables(ctx, &ec2.DescribeRouteTablesInput{
		Filters: []types.Filter{{Name: aws.String("association.subnet-id"), Values: []string{subnet}}},
	})
	if err != nil {
		return "", fmt.Errorf("find its association: %w", err)
	}
	for _, t := range held.RouteTables {
		for _, a := range t.Associations {
			if aws.ToString(a.SubnetId) != subnet || !associated(a.AssociationState) {
				continue
			}
			out, err := k.api.ReplaceRouteTableAssociation(ctx, &ec2.ReplaceRouteTableAssociationInput{
				AssociationId: a.RouteTableAssociationId, RouteTableId: aws.String(table),
			})
			if err != nil {
				return "", fmt.Errorf("take over from %s: %w", aws.ToString(t.RouteTableId), err)
			}
			return aws.ToString(out.NewAssociationId), nil
		}
	}
	return "", fmt.Errorf("associated elsewhere, but no table holds it")
}
