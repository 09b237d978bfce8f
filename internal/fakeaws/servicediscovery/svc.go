package servicediscovery

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/servicediscovery"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

type service struct {
	seq       int
	shape     *v1.Service // InstanceCount is derived
	instances map[string]*v1.InstanceSummary
	tags      tags
}

func (s *Service) svcView(svc *service) *v1.Service {
	out := *svc.shape
	out.InstanceCount = aws.Int64(int64(len(svc.instances)))
	return &out
}

func (s *Service) findService(id string) (*service, error) {
	svc, ok := s.services[id]
	if !ok {
		return nil, notFound("ServiceNotFound", id)
	}
	return svc, nil
}

// https://docs.aws.amazon.com/cloud-map/latest/api/API_CreateService.html
// Synchronous. A retry with the same CreatorRequestId answers the service
// it created; another service of the same name is ServiceAlreadyExists.
func (s *Service) createService(r *core.Request) (any, error) {
	var in v1.CreateServiceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	name := aws.StringValue(in.Name)
	if name == "" || len(name) > 127 || !dnsName.MatchString(name) {
		return nil, invalidInput("Service name '%s' is not valid", name)
	}
	nsID := aws.StringValue(in.NamespaceId)
	if nsID == "" && in.DnsConfig != nil {
		nsID = aws.StringValue(in.DnsConfig.NamespaceId) // the deprecated place
	}
	t, err := tags(nil).merged(in.Tags)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	ns, err := s.readyNamespace(nsID)
	if err != nil {
		return nil, err
	}
	for _, svc := range s.services {
		if aws.StringValue(svc.shape.NamespaceId) != nsID || *svc.shape.Name != name {
			continue
		}
		if c := aws.StringValue(in.CreatorRequestId); c != "" && c == aws.StringValue(svc.shape.CreatorRequestId) {
			return &v1.CreateServiceOutput{Service: s.svcView(svc)}, nil
		}
		return nil, core.BadRequest("ServiceAlreadyExists", "Service %s already exists in %s: %s", name, nsID, *svc.shape.Id)
	}
	typ, dns, err := serviceType(ns, &in)
	if err != nil {
		return nil, err
	}
	id := s.newID("srv")
	svc := &service{seq: s.nextSeq(), instances: map[string]*v1.InstanceSummary{}, tags: t, shape: &v1.Service{
		Id: aws.String(id), Arn: aws.String(core.ARN("servicediscovery", r.Region, "service/"+id)),
		Name: aws.String(name), NamespaceId: aws.String(nsID), Description: in.Description, Type: aws.String(typ),
		DnsConfig: dns, HealthCheckCustomConfig: customHealth(in.HealthCheckCustomConfig),
		CreatorRequestId: in.CreatorRequestId, CreateDate: aws.Time(s.env.Clock.Now()),
	}}
	s.services[id] = svc
	return &v1.CreateServiceOutput{Service: s.svcView(svc)}, nil
}

// serviceType validates the DNS settings against the namespace and
// returns the service type: DNS_HTTP with DNS records, HTTP without.
func serviceType(ns *namespace, in *v1.CreateServiceInput) (string, *v1.DnsConfig, error) {
	if in.HealthCheckConfig != nil {
		return "", nil, invalidInput("HealthCheckConfig is valid only for public DNS namespaces")
	}
	if aws.StringValue(in.Type) == "HTTP" {
		if in.DnsConfig != nil {
			return "", nil, invalidInput("DnsConfig cannot be specified for a service of type HTTP")
		}
		return "HTTP", nil, nil
	}
	if in.DnsConfig == nil {
		return "", nil, invalidInput("DnsConfig is required for a service in the DNS namespace %s", *ns.shape.Id)
	}
	dns := &v1.DnsConfig{RoutingPolicy: aws.String(v1.RoutingPolicyMultivalue), NamespaceId: in.DnsConfig.NamespaceId}
	if p := in.DnsConfig.RoutingPolicy; p != nil {
		dns.RoutingPolicy = p
	}
	recs, err := checkRecords(in.DnsConfig.DnsRecords, *dns.RoutingPolicy)
	if err != nil {
		return "", nil, err
	}
	dns.DnsRecords = recs
	return "DNS_HTTP", dns, nil
}

// checkRecords validates DNS records: one per type, A/AAAA/SRV/CNAME,
// CNAME only with WEIGHTED routing, a TTL of 0–2147483647.
func checkRecords(in []*v1.DnsRecord, policy string) ([]*v1.DnsRecord, error) {
	if len(in) == 0 {
		return nil, invalidInput("DnsRecords must contain at least one record")
	}
	seen := map[string]bool{}
	out := make([]*v1.DnsRecord, 0, len(in))
	for _, d := range in {
		typ := aws.StringValue(d.Type)
		switch {
		case typ != "A" && typ != "AAAA" && typ != "SRV" && typ != "CNAME":
			return nil, invalidInput("DNS record type '%s' is not valid", typ)
		case typ == "CNAME" && policy != v1.RoutingPolicyWeighted:
			return nil, invalidInput("CNAME records require the WEIGHTED routing policy")
		case seen[typ]:
			return nil, invalidInput("Only one DNS record of type %s is allowed", typ)
		case d.TTL == nil || *d.TTL < 0 || *d.TTL > 2147483647:
			return nil, invalidInput("DNS record TTL must be between 0 and 2147483647")
		}
		seen[typ] = true
		out = append(out, &v1.DnsRecord{Type: aws.String(typ), TTL: aws.Int64(*d.TTL)})
	}
	return out, nil
}

// customHealth keeps a custom health check; Cloud Map now always reports
// FailureThreshold 1 ("This parameter is no longer supported and is always
// set to 1").
func customHealth(c *v1.HealthCheckCustomConfig) *v1.HealthCheckCustomConfig {
	if c == nil {
		return nil
	}
	return &v1.HealthCheckCustomConfig{FailureThreshold: aws.Int64(1)}
}
