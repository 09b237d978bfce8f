package elbv2

import (
	"context"
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	elb "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
)

// The load balancer attributes the file manages
// (API_LoadBalancerAttribute).
const (
	attrDeletionProtection = "deletion_protection.enabled"
	attrIdleTimeout        = "idle_timeout.timeout_seconds"
)

// steps: the four calls are independent of each other; subnets and groups
// go first because they change where and whether traffic flows, tags last
// because they change nothing for clients.
func (k loadBalancerKind) steps() kit.Steps {
	return kit.Steps{
		kit.On(k.setSubnets, lbf.Subnets),
		kit.On(k.setSecurityGroups, lbf.SecurityGroups),
		kit.On(k.setAttributes, lbf.DeletionProtection, lbf.IdleTimeout),
		tagsStep(k.api),
	}
}

// setSubnets replaces the enabled subnets with the file's (SetSubnets).
func (k loadBalancerKind) setSubnets(ctx context.Context, c kit.Change) error {
	subnets, err := kit.Strings(c.Want.Fields, lbf.Subnets)
	if err != nil {
		return err
	}
	_, err = k.api.SetSubnets(ctx, &elb.SetSubnetsInput{LoadBalancerArn: aws.String(c.Live.ID), Subnets: sorted(subnets)})
	if err != nil {
		return fmt.Errorf("set subnets: %w", err)
	}
	return nil
}

// setSecurityGroups replaces the groups with the file's.
func (k loadBalancerKind) setSecurityGroups(ctx context.Context, c kit.Change) error {
	groups, err := kit.Strings(c.Want.Fields, lbf.SecurityGroups)
	if err != nil {
		return err
	}
	_, err = k.api.SetSecurityGroups(ctx, &elb.SetSecurityGroupsInput{LoadBalancerArn: aws.String(c.Live.ID), SecurityGroups: sorted(groups)})
	if err != nil {
		return fmt.Errorf("set security groups: %w", err)
	}
	return nil
}

// setAttributes writes both managed attributes in one call: it is one
// call whichever of them changed.
func (k loadBalancerKind) setAttributes(ctx context.Context, c kit.Change) error {
	protect, err := kit.Bool(c.Want.Fields, lbf.DeletionProtection)
	if err != nil {
		return err
	}
	idle, err := kit.Int(c.Want.Fields, lbf.IdleTimeout)
	if err != nil {
		return err
	}
	_, err = k.api.ModifyLoadBalancerAttributes(ctx, &elb.ModifyLoadBalancerAttributesInput{
		LoadBalancerArn: aws.String(c.Live.ID),
		Attributes: []types.LoadBalancerAttribute{
			{Key: aws.String(attrDeletionProtection), Value: aws.String(strconv.FormatBool(protect))},
			{Key: aws.String(attrIdleTimeout), Value: aws.String(strconv.FormatInt(idle, 10))},
		},
	})
	if err != nil {
		return fmt.Errorf("modify attributes: %w", err)
	}
	return nil
}
