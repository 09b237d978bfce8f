package servicediscovery_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	sd "github.com/aws/aws-sdk-go-v2/service/servicediscovery"
	"github.com/aws/aws-sdk-go-v2/service/servicediscovery/types"
)

// https://docs.aws.amazon.com/cloud-map/latest/api/API_GetOperation.html
// https://docs.aws.amazon.com/cloud-map/latest/api/API_Operation.html
// (Status SUBMITTED → PENDING → FAIL with ErrorCode and ErrorMessage)
// A namespace marked failing through POST
// /_devcloud/servicediscovery/fail-namespace is never created: its
// operation ends FAIL and GetNamespace does not find it.
func TestFailNamespaceHook(t *testing.T) {
	srv, c := start(t)
	hs := httptest.NewServer(srv)
	defer hs.Close()
	resp, err := http.Post(hs.URL+"/_devcloud/servicediscovery/fail-namespace?name=broken.internal&code=CANNOT_CREATE_HOSTED_ZONE", "", nil)
	if err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("hook = %v, %v", resp, err)
	}
	_ = resp.Body.Close()
	out, err := c.CreatePrivateDnsNamespace(t.Context(), &sd.CreatePrivateDnsNamespaceInput{Name: aws.String("broken.internal"), Vpc: aws.String("vpc-1")})
	if err != nil {
		t.Fatalf("CreatePrivateDnsNamespace: %v", err)
	}
	id := aws.ToString(out.OperationId)
	if got := operation(t, c, id).Status; got != types.OperationStatusSubmitted {
		t.Errorf("at once: %s, want SUBMITTED", got)
	}
	srv.Clock().Advance(opTime / 2)
	if got := operation(t, c, id).Status; got != types.OperationStatusPending {
		t.Errorf("midway: %s, want PENDING", got)
	}
	srv.Clock().Advance(opTime / 2)
	op := operation(t, c, id)
	if op.Status != types.OperationStatusFail || aws.ToString(op.ErrorCode) != "CANNOT_CREATE_HOSTED_ZONE" || aws.ToString(op.ErrorMessage) == "" {
		t.Fatalf("done: %s %s %q, want FAIL CANNOT_CREATE_HOSTED_ZONE", op.Status, aws.ToString(op.ErrorCode), aws.ToString(op.ErrorMessage))
	}
	_, err = c.GetNamespace(t.Context(), &sd.GetNamespaceInput{Id: aws.String(op.Targets["NAMESPACE"])})
	wantCode(t, err, "NamespaceNotFound")
	mustNamespace(t, srv, c, "ok.internal") // other names are not affected
}
