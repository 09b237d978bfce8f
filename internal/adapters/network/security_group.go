package network

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

type securityGroupAPI interface {
	tagsAPI
	CreateSecurityGroup(ctx context.Context, in *ec2.CreateSecurityGroupInput, optFns ...func(*ec2.Options)) (*ec2.CreateSecurityGroupOutput, error)
	DescribeSecurityGroups(ctx context.Context, in *ec2.DescribeSecurityGroupsInput, optFns ...func(*ec2.Options)) (*ec2.DescribeSecurityGroupsOutput, error)
	DeleteSecurityGroup(ctx context.Context, in *ec2.DeleteSecurityGroupInput, optFns ...func(*ec2.Options)) (*ec2.DeleteSecurityGroupOutput, error)
	AuthorizeSecurityGroupIngress(ctx context.Context, in *ec2.AuthorizeSecurityGroupIngressInput, optFns ...func(*ec2.Options)) (*ec2.AuthorizeSecurityGroupIngressOutput, error)
	AuthorizeSecurityGroupEgress(ctx context.Context, in *ec2.AuthorizeSecurityGroupEgressInput, optFns ...func(*ec2.Options)) (*ec2.AuthorizeSecurityGroupEgressOutput, error)
	RevokeSecurityGroupIngress(ctx context.Context, in *ec2.RevokeSecurityGroupIngressInput, optFns ...func(*ec2.Options)) (*ec2.RevokeSecurityGroupIngressOutput, error)
	RevokeSecurityGroupEgress(ctx context.Context, in *ec2.RevokeSecurityGroupEgressInput, optFns ...func(*ec2.Options)) (*ec2.RevokeSecurityGroupEgressOutput, error)
}

// securityGroupKind manages ec2.security_group: vpc_id*, group_name*,
// description*, ingress (Set), egress (Set), tags.
type securityGroupKind struct{ api securityGroupAPI }

// defaultEgress is the rule AWS gives every new group in a VPC (one with
// no IPv6 block, as the environment's VPC is). It is observed and revoked
// like any other rule.
var defaultEgress = map[string]any{"protocol": "-1", "cidr": "0.0.0.0/0"}

func (k securityGroupKind) Observe(ctx context.Context, id desired.Identity) (map[desired.Address]reconcile.Live, error) {
	pages := ec2.NewDescribeSecurityGroupsPaginator(k.api, &ec2.DescribeSecurityGroupsInput{Filters: envFilter(id)})
	return observeAll(ctx, id, "security groups", pages,
		func(p *ec2.DescribeSecurityGroupsOutput) []types.SecurityGroup { return p.SecurityGroups },
		func(g types.SecurityGroup) []types.Tag { return g.Tags }, always(groupLive))
}

// groupLive maps a group; it is ready as soon as it exists.
func groupLive(g types.SecurityGroup) reconcile.Live {
	id := aws.ToString(g.GroupId)
	return reconcile.Live{
		ID: id,
		Fields: map[string]any{
			"vpc_id":      aws.ToString(g.VpcId),
			"group_name":  aws.ToString(g.GroupName),
			"description": aws.ToString(g.Description),
			"ingress":     rulesOf(g.IpPermissions, id),
			"egress":      rulesOf(g.IpPermissionsEgress, id),
			"tags":        observedTags(g.Tags),
		},
		Attrs:  map[string]string{"arn": aws.ToString(g.SecurityGroupArn)},
		Ready:  true,
		Status: "available",
	}
}

func (k securityGroupKind) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	live, err := k.create(ctx, id, r)
	if err != nil {
		return live, fmt.Errorf("create security group %s: %w", r.Address, err)
	}
	return live, nil
}

func (k securityGroupKind) create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	in := &ec2.CreateSecurityGroupInput{}
	for key, dst := range map[string]**string{"vpc_id": &in.VpcId, "group_name": &in.GroupName, "description": &in.Description} {
		v, err := str(r.Fields, key)
		if err != nil {
			return reconcile.Live{}, err
		}
		*dst = nonEmpty(v)
	}
	tags, err := desiredTags(id, r)
	if err != nil {
		return reconcile.Live{}, err
	}
	in.TagSpecifications = tagSpec(types.ResourceTypeSecurityGroup, tags)
	// No ClientToken here, but a group's name is unique in its VPC: a
	// second create fails with InvalidGroup.Duplicate rather than making a
	// twin. noRetry hands that case to the engine, which observes first.
	res, err := k.api.CreateSecurityGroup(ctx, in, noRetry)
	if err != nil {
		return reconcile.Live{}, err
	}
	live := reconcile.Live{Address: r.Address, ID: aws.ToString(res.GroupId), Ready: true, Status: "available",
		Attrs: map[string]string{"arn": aws.ToString(res.SecurityGroupArn)},
		Fields: map[string]any{
			"vpc_id": aws.ToString(in.VpcId), "group_name": aws.ToString(in.GroupName), "description": aws.ToString(in.Description),
			"ingress": desired.Set{}, "egress": desired.Set{defaultEgress}, "tags": tagsOf(tags),
		}}
	for _, dir := range []string{"ingress", "egress"} {
		if err := k.syncRules(ctx, dir, r, live); err != nil {
			return live, err
		}
	}
	return applied(id, r, live, map[string]bool{"ingress": true, "egress": true})
}

// syncRules reconciles one direction as a set. Revokes go first, as in
// ACK: a rule whose description changed must be revoked before AWS will
// authorize it again. Each side is one call however many rules.
func (k securityGroupKind) syncRules(ctx context.Context, dir string, r desired.Resource, live reconcile.Live) error {
	want, err := set(r.Fields, dir)
	if err != nil {
		return err
	}
	have, err := set(live.Fields, dir)
	if err != nil {
		return err
	}
	add, remove := diffSet(want, have)
	revoke, err := permissions(remove, live.ID)
	if err != nil {
		return err
	}
	authorize, err := permissions(add, live.ID)
	if err != nil {
		return err
	}
	id := aws.String(live.ID)
	if len(revoke) > 0 {
		if dir == "ingress" {
			_, err = k.api.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{GroupId: id, IpPermissions: revoke})
		} else {
			_, err = k.api.RevokeSecurityGroupEgress(ctx, &ec2.RevokeSecurityGroupEgressInput{GroupId: id, IpPermissions: revoke})
		}
		if err != nil {
			return fmt.Errorf("revoke %s: %w", dir, err)
		}
	}
	if len(authorize) > 0 {
		if dir == "ingress" {
			_, err = k.api.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: id, IpPermissions: authorize})
		} else {
			_, err = k.api.AuthorizeSecurityGroupEgress(ctx, &ec2.AuthorizeSecurityGroupEgressInput{GroupId: id, IpPermissions: authorize})
		}
		if err != nil {
			return fmt.Errorf("authorize %s: %w", dir, err)
		}
	}
	return nil
}

func (k securityGroupKind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	fields := changed(delta)
	for f := range fields {
		var err error
		switch f {
		case "ingress", "egress":
			err = k.syncRules(ctx, f, r, live)
		case "tags":
			err = syncTags(ctx, k.api, live.ID, delta)
		default:
			err = immutable(f)
		}
		if err != nil {
			return live, fmt.Errorf("update security group %s: %w", r.Address, err)
		}
	}
	return applied(id, r, live, fields)
}

func (k securityGroupKind) Delete(ctx context.Context, live reconcile.Live) error {
	if _, err := k.api.DeleteSecurityGroup(ctx, &ec2.DeleteSecurityGroupInput{GroupId: aws.String(live.ID)}); err != nil && !isNotFound(err) {
		return fmt.Errorf("delete security group %s: %w", live.Address, err)
	}
	return nil
}
