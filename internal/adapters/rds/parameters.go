package rds

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
)

// maxParametersPerCall is ModifyDBParameterGroup's and
// ResetDBParameterGroup's limit.
const maxParametersPerCall = 20

// set writes parameters with the apply method each one takes: "immediate"
// for a dynamic parameter, "pending-reboot" for a static one (AWS refuses
// immediate for it). The apply types come from the group's own catalog.
func (k parameterGroupKind) set(ctx context.Context, group string, values map[string]any) error {
	types_, err := k.applyTypes(ctx, group)
	if err != nil {
		return err
	}
	var params []types.Parameter
	for _, name := range slices.Sorted(maps.Keys(values)) {
		v, ok := values[name].(string)
		if !ok {
			return kit.BadInput("parameter %s: want a string, got %T", name, values[name])
		}
		applyType, known := types_[name]
		if !known {
			return kit.BadInput("parameter %s is not a parameter of this group's family", name)
		}
		method := types.ApplyMethodImmediate
		if applyType == "static" {
			method = types.ApplyMethodPendingReboot
		}
		params = append(params, types.Parameter{ParameterName: aws.String(name), ParameterValue: aws.String(v), ApplyMethod: method})
	}
	for batch := range slices.Chunk(params, maxParametersPerCall) {
		if _, err := k.api.ModifyDBParameterGroup(ctx, &rds.ModifyDBParameterGroupInput{DBParameterGroupName: aws.String(group), Parameters: batch}); err != nil {
			return fmt.Errorf("modify parameters: %w", err)
		}
	}
	return nil
}

// reset returns parameters set by hand to the engine defaults.
func (k parameterGroupKind) reset(ctx context.Context, group string, names []string) error {
	types_, err := k.applyTypes(ctx, group)
	if err != nil {
		return err
	}
	var params []types.Parameter
	for _, name := range names {
		method := types.ApplyMethodImmediate
		if types_[name] == "static" {
			method = types.ApplyMethodPendingReboot
		}
		params = append(params, types.Parameter{ParameterName: aws.String(name), ApplyMethod: method})
	}
	for batch := range slices.Chunk(params, maxParametersPerCall) {
		if _, err := k.api.ResetDBParameterGroup(ctx, &rds.ResetDBParameterGroupInput{DBParameterGroupName: aws.String(group), Parameters: batch}); err != nil {
			return fmt.Errorf("reset parameters: %w", err)
		}
	}
	return nil
}

// applyTypes is ApplyType ("static" or "dynamic") by parameter name, read
// from every parameter of the group (DescribeDBParameters without Source).
func (k parameterGroupKind) applyTypes(ctx context.Context, group string) (map[string]string, error) {
	all, err := k.parameters(ctx, group, "")
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(all))
	for _, p := range all {
		out[aws.ToString(p.ParameterName)] = aws.ToString(p.ApplyType)
	}
	return out, nil
}
