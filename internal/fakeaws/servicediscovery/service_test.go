package servicediscovery_test

import (
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	sd "github.com/aws/aws-sdk-go-v2/service/servicediscovery"
	"github.com/aws/aws-sdk-go-v2/service/servicediscovery/types"
)

// DNS records, the MULTIVALUE routing default and the custom health check
// are kept; Cloud Map reports FailureThreshold 1.
// https://docs.aws.amazon.com/cloud-map/latest/api/API_CreateService.html
// https://docs.aws.amazon.com/cloud-map/latest/api/API_HealthCheckCustomConfig.html
func TestCreateServiceKeepsDnsConfig(t *testing.T) {
	srv, c := start(t)
	nsID := mustNamespace(t, srv, c, "svc.local")
	svc := mustService(t, c, nsID, "api")
	if !regexp.MustCompile(`^srv-[a-z0-9]{16}$`).MatchString(*svc.Id) || *svc.Arn != "arn:aws:servicediscovery:us-east-1:123456789012:service/"+*svc.Id {
		t.Errorf("id/arn = %s %s", *svc.Id, *svc.Arn)
	}
	got, err := c.GetService(t.Context(), &sd.GetServiceInput{Id: svc.Id})
	if err != nil {
		t.Fatal(err)
	}
	s := got.Service
	if s.DnsConfig.RoutingPolicy != types.RoutingPolicyMultivalue || len(s.DnsConfig.DnsRecords) != 2 ||
		s.DnsConfig.DnsRecords[0].Type != types.RecordTypeA || *s.DnsConfig.DnsRecords[1].TTL != 10 ||
		s.Type != types.ServiceTypeDnsHttp || *s.NamespaceId != nsID || s.HealthCheckCustomConfig == nil {
		t.Fatalf("service = %+v", s)
	}
	//lint:ignore SA1019 the deprecation is the documented behaviour under test: always 1.
	if n := aws.ToInt32(s.HealthCheckCustomConfig.FailureThreshold); n != 1 {
		t.Errorf("FailureThreshold = %d, want 1", n)
	}
}

// Same name in the namespace is ServiceAlreadyExists, unless it is a retry
// with the same CreatorRequestId; an unknown namespace is NamespaceNotFound.
// https://docs.aws.amazon.com/cloud-map/latest/api/API_CreateService.html
func TestCreateServiceErrors(t *testing.T) {
	srv, c := start(t)
	nsID := mustNamespace(t, srv, c, "svc.local")
	in := serviceInput(nsID, "api")
	in.CreatorRequestId = aws.String("req-1")
	first, err := c.CreateService(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.CreateService(t.Context(), in)
	if err != nil || *again.Service.Id != *first.Service.Id {
		t.Errorf("retry = %v, %v", again, err)
	}
	_, err = c.CreateService(t.Context(), serviceInput(nsID, "api"))
	wantCode(t, err, "ServiceAlreadyExists")
	_, err = c.CreateService(t.Context(), serviceInput("ns-0000000000000000", "api"))
	wantCode(t, err, "NamespaceNotFound")
	bad := serviceInput(nsID, "web")
	bad.DnsConfig.DnsRecords = []types.DnsRecord{{Type: types.RecordTypeCname, TTL: aws.Int64(10)}}
	_, err = c.CreateService(t.Context(), bad)
	wantCode(t, err, "InvalidInput")
}

// https://docs.aws.amazon.com/cloud-map/latest/api/API_ListServices.html
func TestListServicesByNamespace(t *testing.T) {
	srv, c := start(t)
	a, b := mustNamespace(t, srv, c, "a.local"), mustNamespace(t, srv, c, "b.local")
	mustService(t, c, a, "api")
	mustService(t, c, b, "web")
	out, err := c.ListServices(t.Context(), &sd.ListServicesInput{Filters: []types.ServiceFilter{{Name: types.ServiceFilterNameNamespaceId, Values: []string{b}}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Services) != 1 || *out.Services[0].Name != "web" {
		t.Errorf("services = %+v", out.Services)
	}
}

// The change takes effect when the UPDATE_SERVICE operation succeeds.
// https://docs.aws.amazon.com/cloud-map/latest/api/API_UpdateService.html
func TestUpdateServiceIsAsynchronous(t *testing.T) {
	srv, c := start(t)
	nsID := mustNamespace(t, srv, c, "svc.local")
	svc := mustService(t, c, nsID, "api")
	out, err := c.UpdateService(t.Context(), &sd.UpdateServiceInput{Id: svc.Id, Service: &types.ServiceChange{
		Description: aws.String("new"),
		DnsConfig:   &types.DnsConfigChange{DnsRecords: []types.DnsRecord{{Type: types.RecordTypeA, TTL: aws.Int64(60)}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	ttl := func() int64 {
		got, err := c.GetService(t.Context(), &sd.GetServiceInput{Id: svc.Id})
		if err != nil {
			t.Fatal(err)
		}
		return *got.Service.DnsConfig.DnsRecords[0].TTL
	}
	if got := ttl(); got != 10 {
		t.Errorf("TTL before the operation succeeds = %d, want 10", got)
	}
	srv.Clock().Advance(opTime)
	if op := operation(t, c, *out.OperationId); op.Type != types.OperationTypeUpdateService || op.Status != types.OperationStatusSuccess || op.Targets["SERVICE"] != *svc.Id {
		t.Errorf("operation = %+v", op)
	}
	if got := ttl(); got != 60 {
		t.Errorf("TTL after = %d, want 60", got)
	}
	_, err = c.UpdateService(t.Context(), &sd.UpdateServiceInput{Id: aws.String("srv-0000000000000000"), Service: &types.ServiceChange{Description: aws.String("x")}})
	wantCode(t, err, "ServiceNotFound")
}

// "If the service still contains one or more registered instances, the
// request fails" (ResourceInUse).
// https://docs.aws.amazon.com/cloud-map/latest/api/API_DeleteService.html
// https://docs.aws.amazon.com/cloud-map/latest/api/API_RegisterInstance.html
func TestDeleteServiceWithInstances(t *testing.T) {
	srv, c := start(t)
	nsID := mustNamespace(t, srv, c, "svc.local")
	svc := mustService(t, c, nsID, "api")
	_, err := c.RegisterInstance(t.Context(), &sd.RegisterInstanceInput{ServiceId: svc.Id, InstanceId: aws.String("task-1"),
		Attributes: map[string]string{"AWS_INSTANCE_IPV4": "10.0.1.5"}})
	wantCode(t, err, "InvalidInput") // the SRV record needs a port
	reg, err := c.RegisterInstance(t.Context(), &sd.RegisterInstanceInput{ServiceId: svc.Id, InstanceId: aws.String("task-1"),
		Attributes: map[string]string{"AWS_INSTANCE_IPV4": "10.0.1.5", "AWS_INSTANCE_PORT": "8080"}})
	if err != nil {
		t.Fatal(err)
	}
	srv.Clock().Advance(opTime)
	if op := operation(t, c, *reg.OperationId); op.Status != types.OperationStatusSuccess || op.Targets["INSTANCE"] != "task-1" {
		t.Errorf("register operation = %+v", op)
	}
	list, err := c.ListInstances(t.Context(), &sd.ListInstancesInput{ServiceId: svc.Id})
	if err != nil || len(list.Instances) != 1 || list.Instances[0].Attributes["AWS_INSTANCE_PORT"] != "8080" {
		t.Fatalf("instances = %+v, %v", list, err)
	}
	_, err = c.DeleteService(t.Context(), &sd.DeleteServiceInput{Id: svc.Id})
	wantCode(t, err, "ResourceInUse")
	if _, err := c.DeregisterInstance(t.Context(), &sd.DeregisterInstanceInput{ServiceId: svc.Id, InstanceId: aws.String("task-1")}); err != nil {
		t.Fatal(err)
	}
	srv.Clock().Advance(opTime)
	if _, err := c.DeleteService(t.Context(), &sd.DeleteServiceInput{Id: svc.Id}); err != nil {
		t.Errorf("delete after deregistration: %v", err)
	}
	_, err = c.DeregisterInstance(t.Context(), &sd.DeregisterInstanceInput{ServiceId: svc.Id, InstanceId: aws.String("task-1")})
	wantCode(t, err, "ServiceNotFound")
}

// Tags at create are kept; TagResource and UntagResource change them; an
// unknown ARN is ResourceNotFoundException.
// https://docs.aws.amazon.com/cloud-map/latest/api/API_TagResource.html
// https://docs.aws.amazon.com/cloud-map/latest/api/API_ListTagsForResource.html
func TestTags(t *testing.T) {
	srv, c := start(t)
	nsID := mustNamespace(t, srv, c, "svc.local")
	in := serviceInput(nsID, "api")
	in.Tags = []types.Tag{{Key: aws.String("env"), Value: aws.String("dev")}}
	out, err := c.CreateService(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	arn := out.Service.Arn
	if _, err := c.TagResource(t.Context(), &sd.TagResourceInput{ResourceARN: arn, Tags: []types.Tag{{Key: aws.String("team"), Value: aws.String("web")}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.UntagResource(t.Context(), &sd.UntagResourceInput{ResourceARN: arn, TagKeys: []string{"env"}}); err != nil {
		t.Fatal(err)
	}
	tags, err := c.ListTagsForResource(t.Context(), &sd.ListTagsForResourceInput{ResourceARN: arn})
	if err != nil {
		t.Fatal(err)
	}
	if len(tags.Tags) != 1 || *tags.Tags[0].Key != "team" {
		t.Errorf("tags = %+v", tags.Tags)
	}
	_, err = c.ListTagsForResource(t.Context(), &sd.ListTagsForResourceInput{ResourceARN: aws.String(*arn + "x")})
	wantCode(t, err, "ResourceNotFoundException")
}

// https://docs.aws.amazon.com/cloud-map/latest/api/API_ListOperations.html
func TestListOperationsFilters(t *testing.T) {
	srv, c := start(t)
	nsID := mustNamespace(t, srv, c, "svc.local")
	mustNamespace(t, srv, c, "other.local")
	out, err := c.ListOperations(t.Context(), &sd.ListOperationsInput{Filters: []types.OperationFilter{
		{Name: types.OperationFilterNameNamespaceId, Values: []string{nsID}},
		{Name: types.OperationFilterNameStatus, Values: []string{"SUCCESS"}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Operations) != 1 || out.Operations[0].Status != types.OperationStatusSuccess {
		t.Errorf("operations = %+v", out.Operations)
	}
}
