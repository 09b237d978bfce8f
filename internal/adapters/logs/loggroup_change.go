package logs

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	logs "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// Create makes the group with its tags in the one call, then sets its
// retention (CreateLogGroup takes none). CreateLogGroup has no client
// token: a retry after a lost answer meets ResourceAlreadyExists, and the
// group is then taken only if its tags say it is this address's. A crash
// between the two calls leaves a group without retention, which the next
// pass sees and repairs.
func (k logGroupKind) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	name, err := kit.String(r.Fields, names.LogGroup.LogGroupName)
	if err != nil {
		return reconcile.Live{}, err
	}
	tags, err := kit.Tags(id, r)
	if err != nil {
		return reconcile.Live{}, err
	}
	_, err = k.api.CreateLogGroup(ctx, &logs.CreateLogGroupInput{LogGroupName: aws.String(name), Tags: tags})
	if kit.Code(err) == "ResourceAlreadyExistsException" {
		err = k.adopt(ctx, id, r.Address, name)
	}
	if err != nil {
		return reconcile.Live{}, fmt.Errorf("create log group: %w", err)
	}
	if err := k.setRetention(ctx, name, r); err != nil {
		return reconcile.Live{}, err
	}
	out, err := k.api.DescribeLogGroups(ctx, &logs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(name)})
	if err != nil {
		return reconcile.Live{}, fmt.Errorf("describe log group: %w", err)
	}
	for _, g := range out.LogGroups {
		if aws.ToString(g.LogGroupName) == name {
			return groupLive(g, tags), nil
		}
	}
	return reconcile.Live{}, fmt.Errorf("log group %s not found after create", name)
}

// adopt accepts an existing group of this name only when it carries this
// address's identity tags: the first of two creates whose answer was lost.
func (k logGroupKind) adopt(ctx context.Context, id desired.Identity, addr desired.Address, name string) error {
	out, err := k.api.DescribeLogGroups(ctx, &logs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(name)})
	if err != nil {
		return err
	}
	for _, g := range out.LogGroups {
		if aws.ToString(g.LogGroupName) != name {
			continue
		}
		tags, _, err := k.tags(ctx, g)
		if err != nil {
			return err
		}
		if kit.Claim(id, tags) == addr {
			return nil
		}
	}
	return kit.BadInput("log group %s already exists and is not tagged as this address", name)
}

// setRetention writes the file's retention; 0 means never expire, which
// is the absence of a retention policy.
func (k logGroupKind) setRetention(ctx context.Context, name string, r desired.Resource) error {
	days, err := kit.Int(r.Fields, names.LogGroup.RetentionInDays)
	if err != nil {
		return err
	}
	if days == 0 {
		_, err = k.api.DeleteRetentionPolicy(ctx, &logs.DeleteRetentionPolicyInput{LogGroupName: aws.String(name)})
	} else {
		_, err = k.api.PutRetentionPolicy(ctx, &logs.PutRetentionPolicyInput{LogGroupName: aws.String(name), RetentionInDays: aws.Int32(int32(days))})
	}
	if err != nil {
		return fmt.Errorf("set retention: %w", err)
	}
	return nil
}

// steps: retention, then tags; the two are independent.
func (k logGroupKind) steps() kit.Steps {
	return kit.Steps{
		kit.On(func(ctx context.Context, c kit.Change) error { return k.setRetention(ctx, c.Live.ID, c.Want) }, names.LogGroup.RetentionInDays),
		kit.On(k.tag, names.LogGroup.Tags),
	}
}

func (k logGroupKind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	return k.steps().Run(ctx, kit.Change{ID: id, Want: r, Live: live, Delta: delta})
}

func (k logGroupKind) tag(ctx context.Context, c kit.Change) error {
	put, remove := kit.TagChange(c.Delta)
	arn := aws.String(c.Live.Attrs["arn"])
	if len(put) > 0 {
		if _, err := k.api.TagResource(ctx, &logs.TagResourceInput{ResourceArn: arn, Tags: put}); err != nil {
			return fmt.Errorf("tag log group: %w", err)
		}
	}
	if len(remove) > 0 {
		if _, err := k.api.UntagResource(ctx, &logs.UntagResourceInput{ResourceArn: arn, TagKeys: remove}); err != nil {
			return fmt.Errorf("untag log group: %w", err)
		}
	}
	return nil
}

// Delete removes the group (a replacement: it cannot be renamed); its
// events go with it.
func (k logGroupKind) Delete(ctx context.Context, live reconcile.Live) error {
	_, err := k.api.DeleteLogGroup(ctx, &logs.DeleteLogGroupInput{LogGroupName: aws.String(live.ID)})
	if err = Errors.IgnoreNotFound(err); err != nil {
		return fmt.Errorf("delete log group: %w", err)
	}
	return nil
}
