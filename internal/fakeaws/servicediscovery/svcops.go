package servicediscovery

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"sort"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/servicediscovery"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// https://docs.aws.amazon.com/cloud-map/latest/api/API_GetService.html
func (s *Service) getService(r *core.Request) (any, error) {
	var in v1.GetServiceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	svc, err := s.findService(aws.StringValue(in.Id))
	if err != nil {
		return nil, err
	}
	return &v1.GetServiceOutput{Service: s.svcView(svc)}, nil
}

// https://docs.aws.amazon.com/cloud-map/latest/api/API_ListServices.html
// Filter NAMESPACE_ID with EQ or IN.
func (s *Service) listServices(r *core.Request) (any, error) {
	var in v1.ListServicesInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	var found []*service
	for _, svc := range s.services {
		ok, err := matchAll(toFilters(in.Filters), map[string]string{"NAMESPACE_ID": *svc.shape.NamespaceId})
		if err != nil {
			return nil, err
		}
		if ok {
			found = append(found, svc)
		}
	}
	sort.Slice(found, func(i, j int) bool { return found[i].seq < found[j].seq })
	start, end, next, err := page(len(found), in.NextToken, in.MaxResults)
	if err != nil {
		return nil, err
	}
	out := &v1.ListServicesOutput{Services: []*v1.ServiceSummary{}, NextToken: next}
	for _, svc := range found[start:end] {
		v := s.svcView(svc)
		out.Services = append(out.Services, &v1.ServiceSummary{
			Id: v.Id, Arn: v.Arn, Name: v.Name, Type: v.Type, Description: v.Description, InstanceCount: v.InstanceCount,
			DnsConfig: v.DnsConfig, HealthCheckConfig: v.HealthCheckConfig, HealthCheckCustomConfig: v.HealthCheckCustomConfig, CreateDate: v.CreateDate,
		})
	}
	return out, nil
}

// https://docs.aws.amazon.com/cloud-map/latest/api/API_UpdateService.html
// Asynchronous: the change is checked now and takes effect when the
// returned operation succeeds.
func (s *Service) updateService(r *core.Request) (any, error) {
	var in v1.UpdateServiceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if in.Service == nil {
		return nil, invalidInput("Service is required")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	svc, err := s.findService(aws.StringValue(in.Id))
	if err != nil {
		return nil, err
	}
	if in.Service.HealthCheckConfig != nil {
		return nil, invalidInput("HealthCheckConfig is valid only for public DNS namespaces")
	}
	var recs []*v1.DnsRecord
	if in.Service.DnsConfig != nil {
		if svc.shape.DnsConfig == nil {
			return nil, invalidInput("A service of type HTTP has no DNS records")
		}
		if recs, err = checkRecords(in.Service.DnsConfig.DnsRecords, *svc.shape.DnsConfig.RoutingPolicy); err != nil {
			return nil, err
		}
	}
	desc := in.Service.Description
	op := s.submit(v1.OperationTypeUpdateService, map[string]string{v1.OperationTargetTypeService: *svc.shape.Id}, "", func() error {
		if desc != nil {
			svc.shape.Description = desc
		}
		if recs != nil {
			dns := *svc.shape.DnsConfig
			dns.DnsRecords = recs
			svc.shape.DnsConfig = &dns
		}
		return nil
	})
	return &v1.UpdateServiceOutput{OperationId: op.shape.Id}, nil
}

// https://docs.aws.amazon.com/cloud-map/latest/api/API_DeleteService.html
// "If the service still contains one or more registered instances, the
// request fails" (ResourceInUse).
func (s *Service) deleteService(r *core.Request) (any, error) {
	var in v1.DeleteServiceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	svc, err := s.findService(aws.StringValue(in.Id))
	if err != nil {
		return nil, err
	}
	if len(svc.instances) > 0 {
		return nil, core.BadRequest("ResourceInUse", "Service %s has registered instances", *svc.shape.Id)
	}
	delete(s.services, *svc.shape.Id)
	return &v1.DeleteServiceOutput{}, nil
}
