package awsconfig_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"

	"github.com/everruns/reconciler/internal/awsconfig"
	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// A guarded mutating attempt cannot outlive the guard's deadline (the
// lease's renew deadline): here AWS takes an hour to answer, and the
// attempt ends at the deadline instead. The test's own context would end
// it only much later.
func TestAGuardedAttemptEndsAtTheGuardsDeadline(t *testing.T) {
	srv := fakeaws.New()
	hs := httptest.NewServer(srv)
	defer hs.Close()
	setEnv(t, hs.URL)
	srv.InjectFault(fakeaws.Fault{Service: "ecs", Operation: "UpdateService", Kind: fakeaws.FaultLatency, Latency: time.Hour})
	cfg, err := awsconfig.Load(t.Context(), awsconfig.Options{Backoff: noBackoff, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(100 * time.Millisecond)
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	guarded := reconcile.WithMutationGuard(ctx, reconcile.MutationGuard{
		Check: func() error { return nil }, Deadline: func() time.Time { return deadline }})
	_, err = ecs.NewFromConfig(cfg).UpdateService(guarded, &ecs.UpdateServiceInput{Cluster: aws.String("c"), Service: aws.String("api")})
	if !errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
		t.Errorf("UpdateService past the guard's deadline = %v (test context: %v), want the attempt's deadline exceeded", err, ctx.Err())
	}
}

func TestReadOnlyOperations(t *testing.T) {
	for op, want := range map[string]bool{"DescribeVpcs": true, "ListTagsForResource": true, "GetSecretValue": true,
		"BatchGetItem": true, "UpdateService": false, "CreateVpc": false, "DeleteSubnet": false, "TagResource": false,
		"RegisterTaskDefinition": false, "PutSecretValue": false} {
		if got := awsconfig.ReadOnly(op); got != want {
			t.Errorf("ReadOnly(%s) = %v, want %v", op, got, want)
		}
	}
}
