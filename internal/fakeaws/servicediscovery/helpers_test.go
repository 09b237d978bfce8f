package servicediscovery_test

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	sd "github.com/aws/aws-sdk-go-v2/service/servicediscovery"
	"github.com/aws/aws-sdk-go-v2/service/servicediscovery/types"
	"github.com/aws/smithy-go"

	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

const opTime = 30 * time.Second

func start(t *testing.T) (*fakeaws.Server, *sd.Client) {
	t.Helper()
	srv, cfg := fakeawstest.Start(t, fakeaws.WithTiming(core.Timing{CloudMapOp: opTime}))
	return srv, sd.NewFromConfig(cfg)
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	var api smithy.APIError
	if !errors.As(err, &api) {
		t.Fatalf("err = %v, want API error %s", err, code)
	}
	if api.ErrorCode() != code {
		t.Fatalf("error code = %s (%s), want %s", api.ErrorCode(), api.ErrorMessage(), code)
	}
}

func operation(t *testing.T, c *sd.Client, id string) *types.Operation {
	t.Helper()
	out, err := c.GetOperation(t.Context(), &sd.GetOperationInput{OperationId: aws.String(id)})
	if err != nil {
		t.Fatalf("GetOperation: %v", err)
	}
	return out.Operation
}

// mustNamespace creates a private DNS namespace and waits for it on the
// clock; it returns the namespace ID.
func mustNamespace(t *testing.T, srv *fakeaws.Server, c *sd.Client, name string) string {
	t.Helper()
	out, err := c.CreatePrivateDnsNamespace(t.Context(), &sd.CreatePrivateDnsNamespaceInput{Name: aws.String(name), Vpc: aws.String("vpc-1")})
	if err != nil {
		t.Fatalf("CreatePrivateDnsNamespace: %v", err)
	}
	srv.Clock().Advance(opTime)
	op := operation(t, c, *out.OperationId)
	if op.Status != types.OperationStatusSuccess {
		t.Fatalf("create namespace operation = %s", op.Status)
	}
	return op.Targets[string(types.OperationTargetTypeNamespace)]
}

func serviceInput(nsID, name string) *sd.CreateServiceInput {
	return &sd.CreateServiceInput{
		Name: aws.String(name), NamespaceId: aws.String(nsID),
		DnsConfig:               &types.DnsConfig{DnsRecords: []types.DnsRecord{{Type: types.RecordTypeA, TTL: aws.Int64(10)}, {Type: types.RecordTypeSrv, TTL: aws.Int64(10)}}},
		HealthCheckCustomConfig: &types.HealthCheckCustomConfig{},
	}
}

func mustService(t *testing.T, c *sd.Client, nsID, name string) *types.Service {
	t.Helper()
	out, err := c.CreateService(t.Context(), serviceInput(nsID, name))
	if err != nil {
		t.Fatalf("CreateService: %v", err)
	}
	return out.Service
}
