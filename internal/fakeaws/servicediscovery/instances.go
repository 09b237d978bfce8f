package servicediscovery

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"sort"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/servicediscovery"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// https://docs.aws.amazon.com/cloud-map/latest/api/API_RegisterInstance.html
// Asynchronous; an A record needs AWS_INSTANCE_IPV4, an SRV record
// AWS_INSTANCE_PORT. Registering an existing ID updates it.
func (s *Service) registerInstance(r *core.Request) (any, error) {
	var in v1.RegisterInstanceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	id := aws.StringValue(in.InstanceId)
	if id == "" || len(in.Attributes) == 0 {
		return nil, invalidInput("InstanceId and Attributes are required")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	svc, err := s.findService(aws.StringValue(in.ServiceId))
	if err != nil {
		return nil, err
	}
	if err := checkAttributes(svc, in.Attributes); err != nil {
		return nil, err
	}
	if op := s.opByCreator(v1.OperationTypeRegisterInstance, aws.StringValue(in.CreatorRequestId)); op != nil {
		return &v1.RegisterInstanceOutput{OperationId: op.shape.Id}, nil
	}
	attrs := map[string]*string{}
	for k, v := range in.Attributes {
		attrs[k] = aws.String(aws.StringValue(v))
	}
	targets := map[string]string{v1.OperationTargetTypeService: *svc.shape.Id, v1.OperationTargetTypeInstance: id}
	op := s.submit(v1.OperationTypeRegisterInstance, targets, aws.StringValue(in.CreatorRequestId), func() error {
		if _, ok := s.services[*svc.shape.Id]; !ok {
			return notFound("ServiceNotFound", *svc.shape.Id)
		}
		svc.instances[id] = &v1.InstanceSummary{Id: aws.String(id), Attributes: attrs}
		return nil
	})
	return &v1.RegisterInstanceOutput{OperationId: op.shape.Id}, nil
}

func checkAttributes(svc *service, attrs map[string]*string) error {
	if svc.shape.DnsConfig == nil {
		return nil
	}
	for _, rec := range svc.shape.DnsConfig.DnsRecords {
		switch aws.StringValue(rec.Type) {
		case "A":
			if attrs["AWS_INSTANCE_IPV4"] == nil {
				return invalidInput("AWS_INSTANCE_IPV4 is required for a service with an A record")
			}
		case "SRV":
			if attrs["AWS_INSTANCE_PORT"] == nil {
				return invalidInput("AWS_INSTANCE_PORT is required for a service with an SRV record")
			}
		}
	}
	return nil
}

// https://docs.aws.amazon.com/cloud-map/latest/api/API_DeregisterInstance.html
func (s *Service) deregisterInstance(r *core.Request) (any, error) {
	var in v1.DeregisterInstanceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	svc, err := s.findService(aws.StringValue(in.ServiceId))
	if err != nil {
		return nil, err
	}
	id := aws.StringValue(in.InstanceId)
	if _, ok := svc.instances[id]; !ok {
		return nil, notFound("InstanceNotFound", id)
	}
	targets := map[string]string{v1.OperationTargetTypeService: *svc.shape.Id, v1.OperationTargetTypeInstance: id}
	op := s.submit(v1.OperationTypeDeregisterInstance, targets, "", func() error {
		delete(svc.instances, id)
		return nil
	})
	return &v1.DeregisterInstanceOutput{OperationId: op.shape.Id}, nil
}

// https://docs.aws.amazon.com/cloud-map/latest/api/API_ListInstances.html
func (s *Service) listInstances(r *core.Request) (any, error) {
	var in v1.ListInstancesInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	svc, err := s.findService(aws.StringValue(in.ServiceId))
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, len(svc.instances))
	for id := range svc.instances {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	start, end, next, err := page(len(ids), in.NextToken, in.MaxResults)
	if err != nil {
		return nil, err
	}
	out := &v1.ListInstancesOutput{Instances: []*v1.InstanceSummary{}, NextToken: next}
	for _, id := range ids[start:end] {
		i := svc.instances[id]
		attrs := map[string]*string{}
		for k, v := range i.Attributes {
			attrs[k] = aws.String(*v)
		}
		out.Instances = append(out.Instances, &v1.InstanceSummary{Id: aws.String(id), Attributes: attrs})
	}
	return out, nil
}
