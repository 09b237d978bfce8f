package rds

import (
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/rds"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

type paramGroup struct {
	name, family, description, arn string
	values                         map[string]userValue // user-set parameters
	tags                           []*v1.Tag
}

func (g *paramGroup) view() *v1.DBParameterGroup {
	return &v1.DBParameterGroup{
		DBParameterGroupName:   aws.String(g.name),
		DBParameterGroupFamily: aws.String(g.family),
		Description:            aws.String(g.description),
		DBParameterGroupArn:    aws.String(g.arn),
	}
}

// createDBParameterGroup follows
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBParameterGroup.html
func (s *Service) createDBParameterGroup(r *core.Request) (any, error) {
	var in v1.CreateDBParameterGroupInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	name := strings.ToLower(aws.StringValue(in.DBParameterGroupName))
	family := aws.StringValue(in.DBParameterGroupFamily)
	if name == "" || family == "" || in.Description == nil {
		return nil, core.MissingParameter("DBParameterGroupName, DBParameterGroupFamily and Description")
	}
	if _, ok := catalog(family); !ok {
		return nil, core.BadRequest("InvalidParameterValue", "ParameterGroupFamily %s is not a valid parameter group family.", family)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.paramGroups[name]; ok {
		return nil, core.BadRequest("DBParameterGroupAlreadyExists", "Parameter group %s already exists", name)
	}
	g := &paramGroup{
		name: name, family: family, description: *in.Description,
		arn: s.arn(r.Region, "pg", name), values: map[string]userValue{}, tags: in.Tags,
	}
	s.paramGroups[name] = g
	return &v1.CreateDBParameterGroupOutput{DBParameterGroup: g.view()}, nil
}

// describeDBParameterGroups follows
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBParameterGroups.html
func (s *Service) describeDBParameterGroups(r *core.Request) (any, error) {
	var in v1.DescribeDBParameterGroupsInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	names := sortedKeys(s.paramGroups)
	if in.DBParameterGroupName != nil {
		g, err := s.paramGroup(*in.DBParameterGroupName)
		if err != nil {
			return nil, err
		}
		names = []string{g.name}
	}
	start, end, next, err := page(len(names), in.Marker, in.MaxRecords)
	if err != nil {
		return nil, err
	}
	out := &v1.DescribeDBParameterGroupsOutput{DBParameterGroups: []*v1.DBParameterGroup{}, Marker: next}
	for _, n := range names[start:end] {
		out.DBParameterGroups = append(out.DBParameterGroups, s.paramGroups[n].view())
	}
	return out, nil
}

// modifyDBParameterGroup follows
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBParameterGroup.html
// At most 20 parameters a call; a static parameter takes only the
// pending-reboot apply method; unknown or unmodifiable parameters fail.
func (s *Service) modifyDBParameterGroup(r *core.Request) (any, error) {
	var in v1.ModifyDBParameterGroupInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if len(in.Parameters) == 0 || len(in.Parameters) > 20 {
		return nil, core.BadRequest("InvalidParameterValue", "Parameters must contain between 1 and 20 parameters.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.paramGroup(aws.StringValue(in.DBParameterGroupName))
	if err != nil {
		return nil, err
	}
	params, _ := catalog(g.family)
	for _, p := range in.Parameters {
		def, ok := params[aws.StringValue(p.ParameterName)]
		switch {
		case !ok || !def.modifiable:
			return nil, core.BadRequest("InvalidParameterValue", "Could not find parameter with name: %s", aws.StringValue(p.ParameterName))
		case def.static && aws.StringValue(p.ApplyMethod) == v1.ApplyMethodImmediate:
			return nil, core.BadRequest("InvalidParameterCombination", "cannot use immediate apply method for static parameter")
		case !def.allows(aws.StringValue(p.ParameterValue)):
			return nil, core.BadRequest("InvalidParameterValue", "Value: %s is outside of range: %s for parameter: %s",
				aws.StringValue(p.ParameterValue), def.allowed, aws.StringValue(p.ParameterName))
		}
	}
	needReboot := false
	for _, p := range in.Parameters {
		method := aws.StringValue(p.ApplyMethod)
		if method == "" {
			method = v1.ApplyMethodPendingReboot
		}
		g.values[*p.ParameterName] = userValue{value: aws.StringValue(p.ParameterValue), method: method}
		needReboot = needReboot || method == v1.ApplyMethodPendingReboot
	}
	s.tick()
	s.parametersChanged(g.name, needReboot)
	return &v1.DBParameterGroupNameMessage{DBParameterGroupName: aws.String(g.name)}, nil
}

// parametersChanged updates the ParameterApplyStatus of every instance
// using the group: pending-reboot when a change waits for a reboot,
// otherwise applying (then in-sync). The caller holds s.mu.
func (s *Service) parametersChanged(group string, needReboot bool) {
	now := s.env.Clock.Now()
	for _, i := range s.instances {
		switch {
		case i.paramGroup != group:
		case needReboot:
			i.params.needReboot()
		default:
			i.params.applying(now)
		}
	}
}

// deleteDBParameterGroup follows
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBParameterGroup.html
// A group in use by a DB instance cannot be deleted
// (InvalidDBParameterGroupState).
func (s *Service) deleteDBParameterGroup(r *core.Request) (any, error) {
	var in v1.DeleteDBParameterGroupInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tick()
	g, err := s.paramGroup(aws.StringValue(in.DBParameterGroupName))
	if err != nil {
		return nil, err
	}
	for _, i := range s.instances {
		if i.paramGroup == g.name {
			return nil, core.BadRequest("InvalidDBParameterGroupState", "One or more database instances are still members of this parameter group %s, so the group cannot be deleted", g.name)
		}
	}
	delete(s.paramGroups, g.name)
	return &v1.DeleteDBParameterGroupOutput{}, nil
}

// describeDBParameters follows
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBParameters.html
// Source filters user-set ("user") or default ("engine-default") values.
func (s *Service) describeDBParameters(r *core.Request) (any, error) {
	var in v1.DescribeDBParametersInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	g, err := s.paramGroup(aws.StringValue(in.DBParameterGroupName))
	if err != nil {
		return nil, err
	}
	defs, _ := catalog(g.family)
	var list []*v1.Parameter
	for _, name := range sortedKeys(defs) {
		p := defs[name].parameter(name, g.values)
		if in.Source == nil || aws.StringValue(p.Source) == *in.Source {
			list = append(list, p)
		}
	}
	start, end, next, err := page(len(list), in.Marker, in.MaxRecords)
	if err != nil {
		return nil, err
	}
	return &v1.DescribeDBParametersOutput{Parameters: append([]*v1.Parameter{}, list[start:end]...), Marker: next}, nil
}

// paramGroup finds a group by name; a default group (default.<family>)
// exists for every family the fake knows, as in AWS. The caller holds s.mu.
func (s *Service) paramGroup(name string) (*paramGroup, error) {
	name = strings.ToLower(name)
	if g, ok := s.paramGroups[name]; ok {
		return g, nil
	}
	if family, ok := strings.CutPrefix(name, "default."); ok {
		if _, known := catalog(family); known {
			return &paramGroup{name: name, family: family, description: "Default parameter group for " + family,
				arn: s.arn("us-east-1", "pg", name), values: map[string]userValue{}}, nil
		}
	}
	return nil, paramGroupNotFound(name)
}

func paramGroupNotFound(name string) error {
	return core.NotFound("DBParameterGroupNotFound", "DBParameterGroup not found: %s", name)
}
