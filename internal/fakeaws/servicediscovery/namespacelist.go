package servicediscovery

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"sort"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/servicediscovery"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// https://docs.aws.amazon.com/cloud-map/latest/api/API_ListNamespaces.html
// Filters TYPE (EQ, IN), NAME and HTTP_NAME (EQ, BEGINS_WITH).
func (s *Service) listNamespaces(r *core.Request) (any, error) {
	var in v1.ListNamespacesInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	var found []*namespace
	for _, ns := range s.namespaces {
		if !ns.ready {
			continue
		}
		ok, err := matchAll(toFilters(in.Filters), map[string]string{
			"TYPE": *ns.shape.Type, "NAME": *ns.shape.Name, "HTTP_NAME": *ns.shape.Properties.HttpProperties.HttpName,
		})
		if err != nil {
			return nil, err
		}
		if ok {
			found = append(found, ns)
		}
	}
	sort.Slice(found, func(i, j int) bool { return found[i].seq < found[j].seq })
	start, end, next, err := page(len(found), in.NextToken, in.MaxResults)
	if err != nil {
		return nil, err
	}
	out := &v1.ListNamespacesOutput{Namespaces: []*v1.NamespaceSummary{}, NextToken: next}
	for _, ns := range found[start:end] {
		v := s.nsView(ns)
		out.Namespaces = append(out.Namespaces, &v1.NamespaceSummary{
			Id: v.Id, Arn: v.Arn, Name: v.Name, Type: v.Type, Description: v.Description,
			ServiceCount: v.ServiceCount, Properties: v.Properties, CreateDate: v.CreateDate,
		})
	}
	return out, nil
}

// https://docs.aws.amazon.com/cloud-map/latest/api/API_ListTagsForResource.html
func (s *Service) listTagsForResource(r *core.Request) (any, error) {
	var in v1.ListTagsForResourceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	t, err := s.tagsOf(aws.StringValue(in.ResourceARN))
	if err != nil {
		return nil, err
	}
	return &v1.ListTagsForResourceOutput{Tags: t.copy()}, nil
}
