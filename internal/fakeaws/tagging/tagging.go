// Package tagging is the fake Resource Groups Tagging API: GetResources,
// the ARN and tags of every tagged resource of the region, across
// services, filtered by tags and by resource type. It keeps no state: it
// asks each service for its tagged resources (core.Directory.Tagged).
package tagging

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/resourcegroupstaggingapi"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// TargetPrefix is the X-Amz-Target prefix of the API's JSON protocol.
const TargetPrefix = "ResourceGroupsTaggingAPI_20170126"

// Service is the fake Resource Groups Tagging API.
type Service struct{ env *core.Env }

// New returns the fake tagging API over the services of env.
func New(env *core.Env) *Service { return &Service{env: env} }

func (s *Service) Name() string            { return "tagging" }
func (s *Service) Protocol() core.Protocol { return core.JSON }

func (s *Service) Handlers() map[string]core.Handler {
	return map[string]core.Handler{"GetResources": s.getResources}
}

// Limits of GetResources, from its API reference.
const (
	maxPerPage   = 100
	maxTagKeys   = 50
	maxTagValues = 20
	maxTypes     = 100
	maxARNs      = 100
)

// https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html
// ResourcesPerPage is 1..100; TagFilters are ANDed across keys and ORed
// across a key's values (a key without values matches any value);
// ResourceTypeFilters are "service" or "service:resourceType" and ORed;
// ResourceARNList cannot be combined with the filters or a page size.
// Resources come in a stable order (by ARN) so that the token is a
// position.
func (s *Service) getResources(r *core.Request) (any, error) {
	var in v1.GetResourcesInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if err := validate(&in); err != nil {
		return nil, err
	}
	var all []core.TaggedResource
	for _, list := range s.env.Dir.Tagged {
		for _, t := range list() {
			if regionOf(t.ARN) == r.Region && len(t.Tags) > 0 {
				all = append(all, t)
			}
		}
	}
	slices.SortFunc(all, func(a, b core.TaggedResource) int { return strings.Compare(a.ARN, b.ARN) })
	arns := aws.StringValueSlice(in.ResourceARNList)
	var match []core.TaggedResource
	for _, t := range all {
		if len(arns) > 0 && !slices.Contains(arns, t.ARN) {
			continue
		}
		if matchesTags(t.Tags, in.TagFilters) && matchesType(t.ARN, aws.StringValueSlice(in.ResourceTypeFilters)) {
			match = append(match, t)
		}
	}
	start, end, next, err := core.Page(len(match), aws.StringValue(in.PaginationToken), int(aws.Int64Value(in.ResourcesPerPage)), maxPerPage)
	if err != nil {
		return nil, core.BadRequest("PaginationTokenExpiredException", "The pagination token is invalid or expired.")
	}
	out := &v1.GetResourcesOutput{ResourceTagMappingList: []*v1.ResourceTagMapping{}, PaginationToken: aws.String(next)}
	for _, t := range match[start:end] {
		m := &v1.ResourceTagMapping{ResourceARN: aws.String(t.ARN), Tags: []*v1.Tag{}}
		for _, k := range slices.Sorted(maps.Keys(t.Tags)) {
			m.Tags = append(m.Tags, &v1.Tag{Key: aws.String(k), Value: aws.String(t.Tags[k])})
		}
		out.ResourceTagMappingList = append(out.ResourceTagMappingList, m)
	}
	return out, nil
}

func validate(in *v1.GetResourcesInput) error {
	if n := aws.Int64Value(in.ResourcesPerPage); in.ResourcesPerPage != nil && (n < 1 || n > maxPerPage) {
		return invalid("ResourcesPerPage must be between 1 and %d.", maxPerPage)
	}
	if len(in.TagFilters) > maxTagKeys {
		return invalid("TagFilters can include up to %d keys.", maxTagKeys)
	}
	for _, f := range in.TagFilters {
		if aws.StringValue(f.Key) == "" {
			return invalid("Each TagFilter must contain a key.")
		}
		if len(f.Values) > maxTagValues {
			return invalid("Each TagFilter key can include up to %d values.", maxTagValues)
		}
	}
	if len(in.ResourceTypeFilters) > maxTypes {
		return invalid("ResourceTypeFilters can include up to %d types.", maxTypes)
	}
	if len(in.ResourceARNList) > 0 {
		if len(in.ResourceARNList) > maxARNs {
			return invalid("ResourceARNList can include up to %d ARNs.", maxARNs)
		}
		if len(in.TagFilters) > 0 || len(in.ResourceTypeFilters) > 0 || in.ResourcesPerPage != nil {
			return invalid("ResourceARNList cannot be used with TagFilters, ResourceTypeFilters or ResourcesPerPage.")
		}
	}
	return nil
}

func invalid(format string, args ...any) error {
	return core.BadRequest("InvalidParameterException", format, args...)
}

func matchesTags(tags map[string]string, filters []*v1.TagFilter) bool {
	for _, f := range filters {
		v, ok := tags[aws.StringValue(f.Key)]
		if !ok || (len(f.Values) > 0 && !slices.Contains(aws.StringValueSlice(f.Values), v)) {
			return false
		}
	}
	return true
}

// matchesType: a filter "service" matches every resource of the service,
// "service:type" the resources whose ARN's resource part begins with
// that type ("elasticloadbalancing:loadbalancer", "ecs:task-definition",
// "rds:pg").
func matchesType(arn string, filters []string) bool {
	if len(filters) == 0 {
		return true
	}
	service, typ := typeOf(arn)
	for _, f := range filters {
		fs, ft, hasType := strings.Cut(f, ":")
		if fs == service && (!hasType || ft == typ) {
			return true
		}
	}
	return false
}

// typeOf is the service and resource type of an ARN:
// arn:aws:SERVICE:region:account:TYPE/… or …:TYPE:….
func typeOf(arn string) (service, typ string) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 {
		return "", ""
	}
	res := parts[5]
	if i := strings.IndexAny(res, "/:"); i >= 0 {
		res = res[:i]
	}
	return parts[2], res
}

// regionOf is an ARN's region field.
func regionOf(arn string) string {
	parts := strings.SplitN(arn, ":", 5)
	if len(parts) < 5 {
		return ""
	}
	return parts[3]
}
