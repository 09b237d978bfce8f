package ec2

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"

	"github.com/everruns/reconciler/pkg/reconcile"
)

// DeleteTwin deletes a VPC twin with nothing in it: no subnet, no gateway
// attached, no group but the default, no route table but the main one
// (DeleteVpc takes those two with it), no network interface.
func (k vpcKind) DeleteTwin(ctx context.Context, _ reconcile.Live, t reconcile.Twin) error {
	if err := refuseIfUsed(ctx, k.tw.subnetsOf(t.ID), k.tw.gatewaysOf(t.ID), k.tw.groupsOf(t.ID),
		k.tw.tablesOf(t.ID), k.tw.interfaces("vpc-id", t.ID)); err != nil {
		return err
	}
	return k.Delete(ctx, reconcile.Live{ID: t.ID})
}

// DeleteTwin deletes a subnet twin no interface is in (a NAT gateway, a
// load balancer, a task) and no route table is associated with.
func (k subnetKind) DeleteTwin(ctx context.Context, _ reconcile.Live, t reconcile.Twin) error {
	if err := refuseIfUsed(ctx, k.tw.interfaces("subnet-id", t.ID), k.tw.associationsOf(t.ID)); err != nil {
		return err
	}
	return k.Delete(ctx, reconcile.Live{ID: t.ID})
}

// DeleteTwin deletes an internet gateway twin attached to no VPC; unlike
// Delete, it never detaches one.
func (k internetGatewayKind) DeleteTwin(ctx context.Context, _ reconcile.Live, t reconcile.Twin) error {
	res, err := k.api.DescribeInternetGateways(ctx, &ec2.DescribeInternetGatewaysInput{InternetGatewayIds: []string{t.ID}})
	if isNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("describe: %w", err)
	}
	for _, g := range res.InternetGateways {
		if vpc := attachedVpc(g.Attachments); vpc != "" {
			return inUse("attached to", []string{vpc})
		}
	}
	_, err = k.api.DeleteInternetGateway(ctx, &ec2.DeleteInternetGatewayInput{InternetGatewayId: aws.String(t.ID)})
	return Errors.IgnoreNotFound(err)
}

// DeleteTwin deletes a security group twin no interface uses and no other
// group's rule references.
func (k securityGroupKind) DeleteTwin(ctx context.Context, _ reconcile.Live, t reconcile.Twin) error {
	if err := refuseIfUsed(ctx, k.tw.interfaces("group-id", t.ID), k.tw.referencesTo(t.ID, "ip-permission.group-id"),
		k.tw.referencesTo(t.ID, "egress.ip-permission.group-id")); err != nil {
		return err
	}
	return k.Delete(ctx, reconcile.Live{ID: t.ID})
}

// DeleteTwin releases an Elastic IP twin associated with nothing.
func (k elasticIPKind) DeleteTwin(ctx context.Context, _ reconcile.Live, t reconcile.Twin) error {
	res, err := k.api.DescribeAddresses(ctx, &ec2.DescribeAddressesInput{AllocationIds: []string{t.ID}})
	if isNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("describe: %w", err)
	}
	for _, a := range res.Addresses {
		if a.AssociationId != nil {
			return inUse("associated with", []string{aws.ToString(a.NetworkInterfaceId)})
		}
	}
	return k.Delete(ctx, reconcile.Live{ID: t.ID})
}

var (
	_ reconcile.TwinHealer = vpcKind{}
	_ reconcile.TwinHealer = subnetKind{}
	_ reconcile.TwinHealer = internetGatewayKind{}
	_ reconcile.TwinHealer = securityGroupKind{}
	_ reconcile.TwinHealer = elasticIPKind{}
)
