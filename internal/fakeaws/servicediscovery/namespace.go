package servicediscovery

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/servicediscovery"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

type namespace struct {
	seq   int
	shape *v1.Namespace // ServiceCount is derived
	vpc   string
	ready bool // the CREATE_NAMESPACE operation has succeeded
	tags  tags
}

// dnsName is a domain name of labels of up to 63 characters.
var dnsName = regexp.MustCompile(`^([a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?\.)*[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?\.?$`)

// https://docs.aws.amazon.com/cloud-map/latest/api/API_CreatePrivateDnsNamespace.html
// The namespace exists once the returned operation succeeds. A retry with
// the same CreatorRequestId answers the first operation.
func (s *Service) createPrivateDnsNamespace(r *core.Request) (any, error) {
	var in v1.CreatePrivateDnsNamespaceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	name, vpc := strings.TrimSuffix(aws.StringValue(in.Name), "."), aws.StringValue(in.Vpc)
	if name == "" || vpc == "" {
		return nil, invalidInput("Name and Vpc are required")
	}
	if len(name) > 253 || !dnsName.MatchString(name) {
		return nil, invalidInput("Namespace name '%s' is not a valid domain name", name)
	}
	t, err := tags(nil).merged(in.Tags)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	creator := aws.StringValue(in.CreatorRequestId)
	if op := s.opByCreator(v1.OperationTypeCreateNamespace, creator); op != nil {
		return &v1.CreatePrivateDnsNamespaceOutput{OperationId: op.shape.Id}, nil
	}
	for _, ns := range s.namespaces {
		if aws.StringValue(ns.shape.Name) == name && ns.vpc == vpc {
			return nil, core.BadRequest("NamespaceAlreadyExists", "Namespace %s already exists in %s: %s", name, vpc, *ns.shape.Id)
		}
	}
	ns := s.newNamespace(r.Region, name, vpc, &in)
	ns.tags = t
	s.namespaces[*ns.shape.Id] = ns
	failCode, fails := s.failing[name]
	op := s.submit(v1.OperationTypeCreateNamespace, map[string]string{v1.OperationTargetTypeNamespace: *ns.shape.Id}, creator,
		func() error {
			if fails { // decided at submission, as Cloud Map validates then
				delete(s.namespaces, *ns.shape.Id)
				return core.BadRequest(failCode, "Cloud Map could not create the hosted zone for namespace %s", name)
			}
			ns.ready = true
			return nil
		})
	return &v1.CreatePrivateDnsNamespaceOutput{OperationId: op.shape.Id}, nil
}

func (s *Service) newNamespace(region, name, vpc string, in *v1.CreatePrivateDnsNamespaceInput) *namespace {
	id := s.newID("ns")
	ttl := int64(15) // the SOA TTL Cloud Map uses when none is given
	if in.Properties != nil && in.Properties.DnsProperties != nil && in.Properties.DnsProperties.SOA != nil {
		ttl = aws.Int64Value(in.Properties.DnsProperties.SOA.TTL)
	}
	return &namespace{seq: s.nextSeq(), vpc: vpc, shape: &v1.Namespace{
		Id: aws.String(id), Arn: aws.String(core.ARN("servicediscovery", region, "namespace/"+id)),
		Name: aws.String(name), Type: aws.String(v1.NamespaceTypeDnsPrivate), Description: in.Description,
		CreatorRequestId: in.CreatorRequestId, CreateDate: aws.Time(s.env.Clock.Now()),
		Properties: &v1.NamespaceProperties{
			DnsProperties:  &v1.DnsProperties{HostedZoneId: aws.String("Z" + strings.ToUpper(s.env.IDs.Hex(20))), SOA: &v1.SOA{TTL: aws.Int64(ttl)}},
			HttpProperties: &v1.HttpProperties{HttpName: aws.String(name)},
		},
	}}
}

// readyNamespace finds a namespace whose creation has succeeded.
func (s *Service) readyNamespace(id string) (*namespace, error) {
	ns, ok := s.namespaces[id]
	if !ok || !ns.ready {
		return nil, notFound("NamespaceNotFound", id)
	}
	return ns, nil
}

func (s *Service) nsView(ns *namespace) *v1.Namespace {
	out := *ns.shape
	n := int64(0)
	for _, svc := range s.services {
		if aws.StringValue(svc.shape.NamespaceId) == *ns.shape.Id {
			n++
		}
	}
	out.ServiceCount = aws.Int64(n)
	return &out
}

// https://docs.aws.amazon.com/cloud-map/latest/api/API_GetNamespace.html
func (s *Service) getNamespace(r *core.Request) (any, error) {
	var in v1.GetNamespaceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	ns, err := s.readyNamespace(aws.StringValue(in.Id))
	if err != nil {
		return nil, err
	}
	return &v1.GetNamespaceOutput{Namespace: s.nsView(ns)}, nil
}

// https://docs.aws.amazon.com/cloud-map/latest/api/API_DeleteNamespace.html
// "Deletes a namespace from the current account. If the namespace still
// contains one or more services, the request fails" (ResourceInUse). The
// namespace goes when the returned operation succeeds.
func (s *Service) deleteNamespace(r *core.Request) (any, error) {
	var in v1.DeleteNamespaceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	ns, err := s.readyNamespace(aws.StringValue(in.Id))
	if err != nil {
		return nil, err
	}
	if aws.Int64Value(s.nsView(ns).ServiceCount) > 0 {
		return nil, core.BadRequest("ResourceInUse", "Namespace %s has services", *ns.shape.Id)
	}
	id := *ns.shape.Id
	op := s.submit(v1.OperationTypeDeleteNamespace, map[string]string{v1.OperationTargetTypeNamespace: id}, "", func() error {
		if aws.Int64Value(s.nsView(ns).ServiceCount) > 0 {
			return core.BadRequest("ResourceInUse", "Namespace %s has services", id)
		}
		delete(s.namespaces, id)
		return nil
	})
	return &v1.DeleteNamespaceOutput{OperationId: op.shape.Id}, nil
}
