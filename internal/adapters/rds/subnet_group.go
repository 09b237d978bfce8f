package rds

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

type subnetGroupAPI interface {
	tagsAPI
	CreateDBSubnetGroup(ctx context.Context, in *rds.CreateDBSubnetGroupInput, optFns ...func(*rds.Options)) (*rds.CreateDBSubnetGroupOutput, error)
	DescribeDBSubnetGroups(ctx context.Context, in *rds.DescribeDBSubnetGroupsInput, optFns ...func(*rds.Options)) (*rds.DescribeDBSubnetGroupsOutput, error)
	ModifyDBSubnetGroup(ctx context.Context, in *rds.ModifyDBSubnetGroupInput, optFns ...func(*rds.Options)) (*rds.ModifyDBSubnetGroupOutput, error)
	DeleteDBSubnetGroup(ctx context.Context, in *rds.DeleteDBSubnetGroupInput, optFns ...func(*rds.Options)) (*rds.DeleteDBSubnetGroupOutput, error)
}

// subnetGroupKind manages rds.db_subnet_group: name*, description,
// subnet_ids, tags. Its ID is its name, what CreateDBInstance takes.
type subnetGroupKind struct{ api subnetGroupAPI }

var sgf = names.DBSubnetGroup

// tagged is an RDS item with the tags ListTagsForResource gave for it.
type tagged[T any] struct {
	item T
	tags map[string]string
}

// Observe lists every group, then reads each one's tags (see listTags):
// the documented exception to one batched read.
func (k subnetGroupKind) Observe(ctx context.Context, id desired.Identity) (map[desired.Address]reconcile.Live, error) {
	var all []tagged[types.DBSubnetGroup]
	p := rds.NewDescribeDBSubnetGroupsPaginator(k.api, &rds.DescribeDBSubnetGroupsInput{})
	for g, err := range kit.Pages(ctx, p.HasMorePages, p.NextPage, func(o *rds.DescribeDBSubnetGroupsOutput) []types.DBSubnetGroup { return o.DBSubnetGroups }) {
		if err != nil {
			return nil, fmt.Errorf("describe subnet groups: %w", err)
		}
		tags, err := listTags(ctx, k.api, aws.ToString(g.DBSubnetGroupArn))
		if err != nil {
			return nil, err
		}
		all = append(all, tagged[types.DBSubnetGroup]{g, tags})
	}
	return kit.Collect(ctx, id, "subnet groups", kit.Items(all),
		func(t tagged[types.DBSubnetGroup]) map[string]string { return t.tags },
		kit.Always(func(t tagged[types.DBSubnetGroup]) reconcile.Live { return subnetGroupLive(t.item, t.tags) }))
}

func subnetGroupLive(g types.DBSubnetGroup, tags map[string]string) reconcile.Live {
	subnets := make([]string, 0, len(g.Subnets))
	for _, s := range g.Subnets {
		subnets = append(subnets, aws.ToString(s.SubnetIdentifier))
	}
	return reconcile.Live{
		ID: aws.ToString(g.DBSubnetGroupName),
		Fields: map[string]any{
			sgf.Name:        aws.ToString(g.DBSubnetGroupName),
			sgf.Description: aws.ToString(g.DBSubnetGroupDescription),
			sgf.SubnetIDs:   subnets,
			sgf.Tags:        observedTags(tags),
		},
		Attrs:  map[string]string{"arn": aws.ToString(g.DBSubnetGroupArn)},
		Ready:  aws.ToString(g.SubnetGroupStatus) == "Complete",
		Status: aws.ToString(g.SubnetGroupStatus),
	}
}

func (k subnetGroupKind) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	name, err := kit.String(r.Fields, sgf.Name)
	if err != nil {
		return reconcile.Live{}, err
	}
	description, err := kit.String(r.Fields, sgf.Description)
	if err != nil {
		return reconcile.Live{}, err
	}
	subnets, err := kit.Strings(r.Fields, sgf.SubnetIDs)
	if err != nil {
		return reconcile.Live{}, err
	}
	tags, err := kit.Tags(id, r)
	if err != nil {
		return reconcile.Live{}, err
	}
	out, err := k.api.CreateDBSubnetGroup(ctx, &rds.CreateDBSubnetGroupInput{
		DBSubnetGroupName: aws.String(name), DBSubnetGroupDescription: aws.String(description),
		SubnetIds: subnets, Tags: rdsTags(tags),
	}, noRetry)
	if err != nil {
		return reconcile.Live{}, fmt.Errorf("create subnet group: %w", err)
	}
	return subnetGroupLive(*out.DBSubnetGroup, tags), nil
}

func (k subnetGroupKind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	return kit.Steps{
		// One call sets both: ModifyDBSubnetGroup takes the whole list.
		kit.On(k.modify, sgf.Description, sgf.SubnetIDs),
		kit.On(func(ctx context.Context, c kit.Change) error {
			return syncTags(ctx, k.api, c.Live.Attrs["arn"], c.Delta)
		}, sgf.Tags),
	}.Run(ctx, kit.Change{ID: id, Want: r, Live: live, Delta: delta})
}

func (k subnetGroupKind) modify(ctx context.Context, c kit.Change) error {
	description, err := kit.String(c.Want.Fields, sgf.Description)
	if err != nil {
		return err
	}
	subnets, err := kit.Strings(c.Want.Fields, sgf.SubnetIDs)
	if err != nil {
		return err
	}
	_, err = k.api.ModifyDBSubnetGroup(ctx, &rds.ModifyDBSubnetGroupInput{
		DBSubnetGroupName: aws.String(c.Live.ID), DBSubnetGroupDescription: aws.String(description), SubnetIds: subnets,
	})
	if err != nil {
		return fmt.Errorf("modify subnet group: %w", err)
	}
	return nil
}

func (k subnetGroupKind) Delete(ctx context.Context, live reconcile.Live) error {
	_, err := k.api.DeleteDBSubnetGroup(ctx, &rds.DeleteDBSubnetGroupInput{DBSubnetGroupName: aws.String(live.ID)})
	if err = Errors.IgnoreNotFound(err); err != nil {
		return fmt.Errorf("delete subnet group: %w", err)
	}
	return nil
}
