package ec2

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
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

// syncAssociations moves the subnets the drift says were added or
// removed, keeping live.Attrs' association IDs current (the caller owns
// c.Live.Attrs).
func (k routeTableKind) syncAssociations(ctx context.Context, c kit.Change) error {
	added, removed := c.Delta.SetChange(rtF.Associations)
	for _, s := range removed {
		subnet, _ := s.(string)
		if err := k.disassociate(ctx, c.Live, subnet); err != nil {
			return err
		}
	}
	for _, s := range added {
		subnet, ok := s.(string)
		if !ok {
			return badInput("association: want a subnet ID, got %T", s)
		}
		assoc, err := k.associate(ctx, c.Live.ID, subnet)
		if err != nil {
			return fmt.Errorf("associate %s: %w", subnet, err)
		}
		c.Live.Attrs[assocAttr(subnet)] = assoc
	}
	return nil
}

func (k routeTableKind) disassociate(ctx context.Context, live reconcile.Live, subnet string) error {
	id := live.Attrs[assocAttr(subnet)]
	if _, err := k.api.DisassociateRouteTable(ctx, &ec2.DisassociateRouteTableInput{AssociationId: aws.String(id)}); err != nil && !isNotFound(err) {
		return fmt.Errorf("disassociate %s: %w", subnet, err)
	}
	delete(live.Attrs, assocAttr(subnet))
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
	if kit.Code(err) != "Resource.AlreadyAssociated" {
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
