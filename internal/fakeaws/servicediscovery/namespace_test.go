package servicediscovery_test

import (
	"regexp"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	sd "github.com/aws/aws-sdk-go-v2/service/servicediscovery"
	"github.com/aws/aws-sdk-go-v2/service/servicediscovery/types"
)

// The namespace exists once its operation succeeds; the operation goes
// SUBMITTED → PENDING → SUCCESS and names its namespace.
// https://docs.aws.amazon.com/cloud-map/latest/api/API_CreatePrivateDnsNamespace.html
// https://docs.aws.amazon.com/cloud-map/latest/api/API_GetOperation.html
func TestPrivateNamespaceExistsWhenOperationSucceeds(t *testing.T) {
	srv, c := start(t)
	out, err := c.CreatePrivateDnsNamespace(t.Context(), &sd.CreatePrivateDnsNamespaceInput{Name: aws.String("svc.local"), Vpc: aws.String("vpc-1"), Description: aws.String("d")})
	if err != nil {
		t.Fatal(err)
	}
	op := operation(t, c, *out.OperationId)
	nsID := op.Targets["NAMESPACE"]
	if op.Status != types.OperationStatusSubmitted || op.Type != types.OperationTypeCreateNamespace || !regexp.MustCompile(`^ns-[a-z0-9]{16}$`).MatchString(nsID) {
		t.Errorf("operation = %s %s %q", op.Status, op.Type, nsID)
	}
	_, err = c.GetNamespace(t.Context(), &sd.GetNamespaceInput{Id: aws.String(nsID)})
	wantCode(t, err, "NamespaceNotFound")
	srv.Clock().Advance(opTime / 2)
	if s := operation(t, c, *out.OperationId).Status; s != types.OperationStatusPending {
		t.Errorf("half-way status = %s, want PENDING", s)
	}
	srv.Clock().Advance(opTime / 2)
	if s := operation(t, c, *out.OperationId).Status; s != types.OperationStatusSuccess {
		t.Errorf("final status = %s, want SUCCESS", s)
	}
	got, err := c.GetNamespace(t.Context(), &sd.GetNamespaceInput{Id: aws.String(nsID)})
	if err != nil {
		t.Fatal(err)
	}
	ns := got.Namespace
	if *ns.Name != "svc.local" || ns.Type != types.NamespaceTypeDnsPrivate || *ns.Description != "d" ||
		*ns.Arn != "arn:aws:servicediscovery:us-east-1:123456789012:namespace/"+nsID || aws.ToString(ns.Properties.DnsProperties.HostedZoneId) == "" {
		t.Errorf("namespace = %+v", ns)
	}
	_, err = c.GetOperation(t.Context(), &sd.GetOperationInput{OperationId: aws.String("nope")})
	wantCode(t, err, "OperationNotFound")
}

// A retry with the same CreatorRequestId answers the first operation; a
// new request for the same name in the VPC is NamespaceAlreadyExists.
// https://docs.aws.amazon.com/cloud-map/latest/api/API_CreatePrivateDnsNamespace.html
func TestNamespaceCreatorRequestIdAndAlreadyExists(t *testing.T) {
	_, c := start(t)
	in := &sd.CreatePrivateDnsNamespaceInput{Name: aws.String("svc.local"), Vpc: aws.String("vpc-1"), CreatorRequestId: aws.String("req-1")}
	first, err := c.CreatePrivateDnsNamespace(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.CreatePrivateDnsNamespace(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	if *again.OperationId != *first.OperationId {
		t.Errorf("retry got operation %s, want %s", *again.OperationId, *first.OperationId)
	}
	in.CreatorRequestId = aws.String("req-2")
	_, err = c.CreatePrivateDnsNamespace(t.Context(), in)
	wantCode(t, err, "NamespaceAlreadyExists")
}

// https://docs.aws.amazon.com/cloud-map/latest/api/API_ListNamespaces.html
func TestListNamespacesFiltersAndPaging(t *testing.T) {
	srv, c := start(t)
	for _, n := range []string{"a.local", "b.local", "c.internal"} {
		mustNamespace(t, srv, c, n)
	}
	out, err := c.ListNamespaces(t.Context(), &sd.ListNamespacesInput{Filters: []types.NamespaceFilter{
		{Name: types.NamespaceFilterNameName, Values: []string{"b.local"}, Condition: types.FilterConditionEq},
		{Name: types.NamespaceFilterNameType, Values: []string{"DNS_PRIVATE", "HTTP"}, Condition: types.FilterConditionIn},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Namespaces) != 1 || *out.Namespaces[0].Name != "b.local" {
		t.Errorf("filtered = %+v", out.Namespaces)
	}
	var names []string
	p := sd.NewListNamespacesPaginator(c, &sd.ListNamespacesInput{MaxResults: aws.Int32(2)})
	for p.HasMorePages() {
		page, err := p.NextPage(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		for _, ns := range page.Namespaces {
			names = append(names, *ns.Name)
		}
	}
	if len(names) != 3 {
		t.Errorf("paged names = %v", names)
	}
}

// "If the namespace still contains one or more services, the request
// fails" (ResourceInUse); otherwise it is gone when its operation succeeds.
// https://docs.aws.amazon.com/cloud-map/latest/api/API_DeleteNamespace.html
func TestDeleteNamespace(t *testing.T) {
	srv, c := start(t)
	nsID := mustNamespace(t, srv, c, "svc.local")
	svc := mustService(t, c, nsID, "api")
	_, err := c.DeleteNamespace(t.Context(), &sd.DeleteNamespaceInput{Id: aws.String(nsID)})
	wantCode(t, err, "ResourceInUse")
	if _, err := c.DeleteService(t.Context(), &sd.DeleteServiceInput{Id: svc.Id}); err != nil {
		t.Fatal(err)
	}
	out, err := c.DeleteNamespace(t.Context(), &sd.DeleteNamespaceInput{Id: aws.String(nsID)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetNamespace(t.Context(), &sd.GetNamespaceInput{Id: aws.String(nsID)}); err != nil {
		t.Errorf("namespace gone before its operation succeeded: %v", err)
	}
	srv.Clock().Advance(opTime)
	if op := operation(t, c, *out.OperationId); op.Status != types.OperationStatusSuccess || op.Type != types.OperationTypeDeleteNamespace {
		t.Errorf("delete operation = %s %s", op.Status, op.Type)
	}
	_, err = c.GetNamespace(t.Context(), &sd.GetNamespaceInput{Id: aws.String(nsID)})
	wantCode(t, err, "NamespaceNotFound")
}
