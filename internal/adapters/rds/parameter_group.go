package rds

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

type parameterGroupAPI interface {
	tagsAPI
	CreateDBParameterGroup(ctx context.Context, in *rds.CreateDBParameterGroupInput, optFns ...func(*rds.Options)) (*rds.CreateDBParameterGroupOutput, error)
	DescribeDBParameterGroups(ctx context.Context, in *rds.DescribeDBParameterGroupsInput, optFns ...func(*rds.Options)) (*rds.DescribeDBParameterGroupsOutput, error)
	DescribeDBParameters(ctx context.Context, in *rds.DescribeDBParametersInput, optFns ...func(*rds.Options)) (*rds.DescribeDBParametersOutput, error)
	ModifyDBParameterGroup(ctx context.Context, in *rds.ModifyDBParameterGroupInput, optFns ...func(*rds.Options)) (*rds.ModifyDBParameterGroupOutput, error)
	ResetDBParameterGroup(ctx context.Context, in *rds.ResetDBParameterGroupInput, optFns ...func(*rds.Options)) (*rds.ResetDBParameterGroupOutput, error)
	DeleteDBParameterGroup(ctx context.Context, in *rds.DeleteDBParameterGroupInput, optFns ...func(*rds.Options)) (*rds.DeleteDBParameterGroupOutput, error)
}

// parameterGroupKind manages rds.db_parameter_group: name*, family*,
// description*, parameters (the user-set ones, by name), tags. The group
// is the reconciler's own, so a parameter set on it by hand that the file
// does not name is drift, reset to the engine default.
type parameterGroupKind struct{ api parameterGroupAPI }

var pgf = names.DBParameterGroup

// Observe lists the groups, then per group reads its tags (see listTags)
// and, for the groups the identity claims, its user-set parameters.
func (k parameterGroupKind) Observe(ctx context.Context, id desired.Identity) (map[desired.Address]reconcile.Live, error) {
	var all []tagged[types.DBParameterGroup]
	p := rds.NewDescribeDBParameterGroupsPaginator(k.api, &rds.DescribeDBParameterGroupsInput{})
	for g, err := range kit.Pages(ctx, p.HasMorePages, p.NextPage, func(o *rds.DescribeDBParameterGroupsOutput) []types.DBParameterGroup { return o.DBParameterGroups }) {
		if err != nil {
			return nil, fmt.Errorf("describe parameter groups: %w", err)
		}
		if strings.HasPrefix(aws.ToString(g.DBParameterGroupName), "default.") {
			continue // AWS's own, never the environment's
		}
		tags, err := listTags(ctx, k.api, aws.ToString(g.DBParameterGroupArn))
		if err != nil {
			return nil, err
		}
		all = append(all, tagged[types.DBParameterGroup]{g, tags})
	}
	return kit.Collect(ctx, id, "parameter groups", kit.Items(all),
		func(t tagged[types.DBParameterGroup]) map[string]string { return t.tags }, k.live)
}

func (k parameterGroupKind) live(ctx context.Context, t tagged[types.DBParameterGroup]) (reconcile.Live, bool, error) {
	params, err := k.parameters(ctx, aws.ToString(t.item.DBParameterGroupName), "user")
	if err != nil {
		return reconcile.Live{}, false, err
	}
	values := make(map[string]any, len(params))
	for _, p := range params {
		values[aws.ToString(p.ParameterName)] = aws.ToString(p.ParameterValue)
	}
	l := parameterGroupLive(t.item, t.tags)
	l.Fields[pgf.Parameters] = values
	return l, true, nil
}

func parameterGroupLive(g types.DBParameterGroup, tags map[string]string) reconcile.Live {
	return reconcile.Live{
		ID: aws.ToString(g.DBParameterGroupName),
		Fields: map[string]any{
			pgf.Name:        aws.ToString(g.DBParameterGroupName),
			pgf.Family:      aws.ToString(g.DBParameterGroupFamily),
			pgf.Description: aws.ToString(g.Description),
			pgf.Parameters:  map[string]any{},
			pgf.Tags:        observedTags(tags),
		},
		Attrs: map[string]string{"arn": aws.ToString(g.DBParameterGroupArn)},
		Ready: true,
	}
}

// parameters reads a group's parameters from source ("user"; "" for all).
func (k parameterGroupKind) parameters(ctx context.Context, group, source string) ([]types.Parameter, error) {
	in := &rds.DescribeDBParametersInput{DBParameterGroupName: aws.String(group)}
	if source != "" {
		in.Source = aws.String(source)
	}
	var out []types.Parameter
	p := rds.NewDescribeDBParametersPaginator(k.api, in)
	for param, err := range kit.Pages(ctx, p.HasMorePages, p.NextPage, func(o *rds.DescribeDBParametersOutput) []types.Parameter { return o.Parameters }) {
		if err != nil {
			return nil, fmt.Errorf("describe parameters: %w", err)
		}
		out = append(out, param)
	}
	return out, nil
}

// Create makes the group, then sets its parameters: CreateDBParameterGroup
// takes none. A crash in between leaves a group whose parameters the next
// pass sees differ.
func (k parameterGroupKind) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	in := &rds.CreateDBParameterGroupInput{}
	for key, dst := range map[string]**string{pgf.Name: &in.DBParameterGroupName, pgf.Family: &in.DBParameterGroupFamily, pgf.Description: &in.Description} {
		v, err := kit.String(r.Fields, key)
		if err != nil {
			return reconcile.Live{}, err
		}
		*dst = aws.String(v)
	}
	tags, err := kit.Tags(id, r)
	if err != nil {
		return reconcile.Live{}, err
	}
	in.Tags = rdsTags(tags)
	out, err := k.api.CreateDBParameterGroup(ctx, in, noRetry)
	if err != nil {
		return reconcile.Live{}, fmt.Errorf("create parameter group: %w", err)
	}
	live := parameterGroupLive(*out.DBParameterGroup, tags)
	want, err := kit.Map(r.Fields, pgf.Parameters)
	if err != nil || len(want) == 0 {
		return live, err
	}
	if err := k.set(ctx, live.ID, want); err != nil {
		return live, err
	}
	live.Fields[pgf.Parameters] = want
	return live, nil
}

func (k parameterGroupKind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	return kit.Steps{
		kit.On(k.updateParameters, pgf.Parameters),
		kit.On(func(ctx context.Context, c kit.Change) error {
			return syncTags(ctx, k.api, c.Live.Attrs["arn"], c.Delta)
		}, pgf.Tags),
	}.Run(ctx, kit.Change{ID: id, Want: r, Live: live, Delta: delta})
}

func (k parameterGroupKind) updateParameters(ctx context.Context, c kit.Change) error {
	put, remove := c.Delta.MapChange(pgf.Parameters)
	if len(put) > 0 {
		if err := k.set(ctx, c.Live.ID, put); err != nil {
			return err
		}
	}
	if len(remove) > 0 {
		return k.reset(ctx, c.Live.ID, remove)
	}
	return nil
}

func (k parameterGroupKind) Delete(ctx context.Context, live reconcile.Live) error {
	_, err := k.api.DeleteDBParameterGroup(ctx, &rds.DeleteDBParameterGroupInput{DBParameterGroupName: aws.String(live.ID)})
	if err = Errors.IgnoreNotFound(err); err != nil {
		return fmt.Errorf("delete parameter group: %w", err)
	}
	return nil
}
