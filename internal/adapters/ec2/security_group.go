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
type securityGroupKind struct {
	api securityGroupAPI
	tw  twins
}

// defaultEgress is the rule AWS gives every new group in a VPC (one with
// no IPv6 block, as the environment's VPC is). It is observed and revoked
// like any other rule.
var defaultEgress = map[string]any{names.Rule.Protocol: "-1", names.Rule.CIDR: "0.0.0.0/0"}

var sgF = names.SecurityGroup

func (k securityGroupKind) Observe(ctx context.Context, id desired.Identity) (kit.Observation, error) {
	p := ec2.NewDescribeSecurityGroupsPaginator(k.api, &ec2.DescribeSecurityGroupsInput{Filters: envFilter(id)})
	return collect(ctx, id, "security groups",
		kit.Pages(ctx, p.HasMorePages, p.NextPage, func(o *ec2.DescribeSecurityGroupsOutput) []types.SecurityGroup { return o.SecurityGroups }),
		func(g types.SecurityGroup) []types.Tag { return g.Tags }, kit.Always(groupLive))
}

// groupLive maps a group; it is ready as soon as it exists.
func groupLive(g types.SecurityGroup) reconcile.Live {
	id := aws.ToString(g.GroupId)
	return reconcile.Live{
		ID: id,
		Fields: map[string]any{
			sgF.VPCID:       aws.ToString(g.VpcId),
			sgF.GroupName:   aws.ToString(g.GroupName),
			sgF.Description: aws.ToString(g.Description),
			sgF.Ingress:     rulesOf(g.IpPermissions, id),
			sgF.Egress:      rulesOf(g.IpPermissionsEgress, id),
			sgF.Tags:        observedTags(g.Tags),
		},
		Attrs:  map[string]string{"arn": aws.ToString(g.SecurityGroupArn)},
		Ready:  true,
		Status: "available",
	}
}

func (k securityGroupKind) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	in := &ec2.CreateSecurityGroupInput{}
	for _, f := range []struct {
		name string
		dst  **string
	}{{sgF.VPCID, &in.VpcId}, {sgF.GroupName, &in.GroupName}, {sgF.Description, &in.Description}} {
		v, err := kit.String(r.Fields, f.name)
		if err != nil {
			return reconcile.Live{}, err
		}
		*f.dst = nonEmpty(v)
	}
	// No ClientToken here, but a group's name is unique in its VPC: a
	// second create fails with InvalidGroup.Duplicate rather than making a
	// twin. Groups in two VPCs (two creators racing) can be twins.
	live, err := k.tw.create(ctx, id, r, types.ResourceTypeSecurityGroup, func(ctx context.Context, tags []types.TagSpecification, opts ...func(*ec2.Options)) (reconcile.Live, error) {
		in.TagSpecifications = tags
		res, err := k.api.CreateSecurityGroup(ctx, in, opts...)
		if err != nil {
			return reconcile.Live{}, err
		}
		return reconcile.Live{ID: aws.ToString(res.GroupId), Ready: true, Status: "available",
			Attrs: map[string]string{"arn": aws.ToString(res.SecurityGroupArn)},
			Fields: map[string]any{
				sgF.VPCID: aws.ToString(in.VpcId), sgF.GroupName: aws.ToString(in.GroupName), sgF.Description: aws.ToString(in.Description),
				sgF.Ingress: desired.Set{}, sgF.Egress: desired.Set{defaultEgress},
			}}, nil
	}, k.Observe)
	if err != nil {
		return reconcile.Live{}, err
	}
	return k.Update(ctx, id, r, live, kit.DeltaOf(r, live))
}

// steps: ingress, then egress (the default egress rule is revoked last,
// so the group is never without a way out while rules are added), tags.
func (k securityGroupKind) steps() kit.Steps {
	return kit.Steps{
		kit.On(k.rules(sgF.Ingress), sgF.Ingress),
		kit.On(k.rules(sgF.Egress), sgF.Egress),
		kit.On(tagStep(k.api), sgF.Tags),
	}
}

// rules reconciles one direction from the drift's set change. Revokes go
// first, as in ACK: a rule whose description changed must be revoked
// before AWS will authorize it again. Each side is one call however many
// rules.
func (k securityGroupKind) rules(dir string) func(context.Context, kit.Change) error {
	return func(ctx context.Context, c kit.Change) error {
		add, remove := c.Delta.SetChange(dir)
		revoke, err := permissions(remove, c.Live.ID)
		if err != nil {
			return err
		}
		authorize, err := permissions(add, c.Live.ID)
		if err != nil {
			return err
		}
		if err := k.revoke(ctx, dir, c.Live.ID, revoke); err != nil {
			return fmt.Errorf("revoke %s: %w", dir, err)
		}
		if err := k.authorize(ctx, dir, c.Live.ID, authorize); err != nil {
			return fmt.Errorf("authorize %s: %w", dir, err)
		}
		return nil
	}
}

func (k securityGroupKind) revoke(ctx context.Context, dir, id string, perms []types.IpPermission) error {
	if len(perms) == 0 {
		return nil
	}
	var err error
	if dir == sgF.Ingress {
		_, err = k.api.RevokeSecurityGroupIngress(ctx, &ec2.RevokeSecurityGroupIngressInput{GroupId: aws.String(id), IpPermissions: perms})
	} else {
		_, err = k.api.RevokeSecurityGroupEgress(ctx, &ec2.RevokeSecurityGroupEgressInput{GroupId: aws.String(id), IpPermissions: perms})
	}
	return err
}

func (k securityGroupKind) authorize(ctx context.Context, dir, id string, perms []types.IpPermission) error {
	if len(perms) == 0 {
		return nil
	}
	var err error
	if dir == sgF.Ingress {
		_, err = k.api.AuthorizeSecurityGroupIngress(ctx, &ec2.AuthorizeSecurityGroupIngressInput{GroupId: aws.String(id), IpPermissions: perms})
	} else {
		_, err = k.api.AuthorizeSecurityGroupEgress(ctx, &ec2.AuthorizeSecurityGroupEgressInput{GroupId: aws.String(id), IpPermissions: perms})
	}
	return err
}

func (k securityGroupKind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	return k.steps().Run(ctx, kit.Change{ID: id, Want: r, Live: live, Delta: delta})
}

func (k securityGroupKind) Delete(ctx context.Context, live reconcile.Live) error {
	_, err := k.api.DeleteSecurityGroup(ctx, &ec2.DeleteSecurityGroupInput{GroupId: aws.String(live.ID)})
	return Errors.IgnoreNotFound(err)
}
