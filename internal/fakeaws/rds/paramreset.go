package rds

import (
	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/rds"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// resetDBParameterGroup follows
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ResetDBParameterGroup.html
// The named parameters (at most 20), or all with ResetAllParameters, go
// back to the engine default. As in ModifyDBParameterGroup, a static
// parameter takes only pending-reboot; resetting it waits for a reboot of
// the instances using the group.
func (s *Service) resetDBParameterGroup(r *core.Request) (any, error) {
	var in v1.ResetDBParameterGroupInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	all := aws.BoolValue(in.ResetAllParameters)
	if all == (len(in.Parameters) > 0) || len(in.Parameters) > 20 {
		return nil, core.BadRequest("InvalidParameterCombination", "Specify either ResetAllParameters or between 1 and 20 Parameters.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.paramGroup(aws.StringValue(in.DBParameterGroupName))
	if err != nil {
		return nil, err
	}
	defs, _ := catalog(g.family)
	needReboot := false
	for _, p := range in.Parameters {
		def, ok := defs[aws.StringValue(p.ParameterName)]
		switch {
		case !ok:
			return nil, core.BadRequest("InvalidParameterValue", "Could not find parameter with name: %s", aws.StringValue(p.ParameterName))
		case def.static && aws.StringValue(p.ApplyMethod) == v1.ApplyMethodImmediate:
			return nil, core.BadRequest("InvalidParameterCombination", "cannot use immediate apply method for static parameter")
		}
		needReboot = needReboot || def.static
	}
	if all {
		for name := range g.values {
			needReboot = needReboot || defs[name].static
		}
		g.values = map[string]userValue{}
	}
	for _, p := range in.Parameters {
		delete(g.values, *p.ParameterName)
	}
	s.tick()
	s.parametersChanged(g.name, needReboot)
	return &v1.DBParameterGroupNameMessage{DBParameterGroupName: aws.String(g.name)}, nil
}
