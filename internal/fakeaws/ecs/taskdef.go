package ecs

import (
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/ecs"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// family holds every revision ever registered under one name; revision N
// is revisions[N-1], and deregistered ones stay, INACTIVE, because AWS
// keeps describing them and never reuses their numbers.
type family struct {
	name      string
	revisions []*taskDef
}

type taskDef struct {
	def  *v1.TaskDefinition
	tags []*v1.Tag
}

func (td *taskDef) arn() string    { return aws.StringValue(td.def.TaskDefinitionArn) }
func (td *taskDef) active() bool   { return aws.StringValue(td.def.Status) == "ACTIVE" }
func (td *taskDef) family() string { return aws.StringValue(td.def.Family) }

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html
func (s *Service) registerTaskDefinition(r *core.Request) (any, error) {
	var in v1.RegisterTaskDefinitionInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if err := validateTaskDefinition(&in); err != nil {
		return nil, err
	}
	if err := validateTags(in.Tags); err != nil {
		return nil, err
	}
	name := aws.StringValue(in.Family)
	f := s.families[name]
	if f == nil {
		f = &family{name: name}
		s.families[name] = f
	}
	rev := int64(len(f.revisions) + 1)
	td := &taskDef{def: buildTaskDefinition(&in, r.Region, rev, s.env.Clock.Now()), tags: copyTags(in.Tags)}
	f.revisions = append(f.revisions, td)
	return &v1.RegisterTaskDefinitionOutput{TaskDefinition: clone(td.def), Tags: copyTags(td.tags)}, nil
}

// findTaskDef resolves "family" (its latest ACTIVE revision),
// "family:revision" or a full ARN, as DescribeTaskDefinition, CreateService
// and RunTask accept them. It returns nil when nothing matches.
func (s *Service) findTaskDef(ref string) *taskDef {
	if _, rest, ok := resource(ref); ok {
		ref = rest
	}
	name, revText, hasRev := strings.Cut(ref, ":")
	f := s.families[name]
	if f == nil {
		return nil
	}
	if !hasRev {
		for i := len(f.revisions) - 1; i >= 0; i-- {
			if f.revisions[i].active() {
				return f.revisions[i]
			}
		}
		return nil
	}
	rev, err := strconv.Atoi(revText)
	if err != nil || rev < 1 || rev > len(f.revisions) {
		return nil
	}
	return f.revisions[rev-1]
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTaskDefinition.html
// An INACTIVE revision named explicitly is still described; a family alone
// names its latest ACTIVE revision.
func (s *Service) describeTaskDefinition(r *core.Request) (any, error) {
	var in v1.DescribeTaskDefinitionInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	td := s.findTaskDef(aws.StringValue(in.TaskDefinition))
	if td == nil {
		return nil, errClient("Unable to describe task definition.")
	}
	out := &v1.DescribeTaskDefinitionOutput{TaskDefinition: clone(td.def)}
	if includes(in.Include)["TAGS"] {
		out.Tags = copyTags(td.tags)
	}
	return out, nil
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeregisterTaskDefinition.html
// A revision is required; the revision becomes INACTIVE, stays describable,
// and services and tasks that use it keep running.
func (s *Service) deregisterTaskDefinition(r *core.Request) (any, error) {
	var in v1.DeregisterTaskDefinitionInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	ref := aws.StringValue(in.TaskDefinition)
	if _, rest, ok := resource(ref); ok {
		ref = rest
	}
	if !strings.Contains(ref, ":") {
		return nil, errInvalid("Invalid revision number. Number: ")
	}
	td := s.findTaskDef(ref)
	if td == nil {
		return nil, errClient("The specified task definition does not exist.")
	}
	if td.active() {
		td.def.Status = aws.String("INACTIVE")
		td.def.DeregisteredAt = aws.Time(s.env.Clock.Now())
	}
	return &v1.DeregisterTaskDefinitionOutput{TaskDefinition: clone(td.def)}, nil
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTaskDefinitions.html
// familyPrefix is, despite its name, "the full family name"; status
// defaults to ACTIVE; sort ASC orders by family then revision.
func (s *Service) listTaskDefinitions(r *core.Request) (any, error) {
	var in v1.ListTaskDefinitionsInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	status := aws.StringValue(in.Status)
	if status == "" {
		status = "ACTIVE"
	}
	var tds []*taskDef
	for name, f := range s.families {
		if in.FamilyPrefix != nil && name != *in.FamilyPrefix {
			continue
		}
		for _, td := range f.revisions {
			if aws.StringValue(td.def.Status) == status {
				tds = append(tds, td)
			}
		}
	}
	sort.Slice(tds, func(i, j int) bool {
		a, b := tds[i].def, tds[j].def
		if *a.Family != *b.Family {
			return *a.Family < *b.Family
		}
		return *a.Revision < *b.Revision
	})
	if aws.StringValue(in.Sort) == "DESC" {
		for i, j := 0, len(tds)-1; i < j; i, j = i+1, j-1 {
			tds[i], tds[j] = tds[j], tds[i]
		}
	}
	start, end, next, err := core.Page(len(tds), aws.StringValue(in.NextToken), int(aws.Int64Value(in.MaxResults)), 100)
	if err != nil {
		return nil, err
	}
	arns := []*string{}
	for _, td := range tds[start:end] {
		arns = append(arns, aws.String(td.arn()))
	}
	return &v1.ListTaskDefinitionsOutput{TaskDefinitionArns: arns, NextToken: optString(next)}, nil
}

// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTaskDefinitionFamilies.html
func (s *Service) listTaskDefinitionFamilies(r *core.Request) (any, error) {
	var in v1.ListTaskDefinitionFamiliesInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	status := aws.StringValue(in.Status)
	if status == "" {
		status = "ACTIVE"
	}
	var names []string
	for name, f := range s.families {
		if !strings.HasPrefix(name, aws.StringValue(in.FamilyPrefix)) {
			continue
		}
		anyActive := false
		for _, td := range f.revisions {
			anyActive = anyActive || td.active()
		}
		if status == "ALL" || (status == "ACTIVE") == anyActive {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	start, end, next, err := core.Page(len(names), aws.StringValue(in.NextToken), int(aws.Int64Value(in.MaxResults)), 100)
	if err != nil {
		return nil, err
	}
	return &v1.ListTaskDefinitionFamiliesOutput{Families: aws.StringSlice(names[start:end]), NextToken: optString(next)}, nil
}
