package lease

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/everruns/reconciler/internal/fakeaws/fakeawstest"
)

// wait fails the test unless c receives before a generous deadline: the
// deadline only bounds a hung test, it asserts no timing.
func wait(t *testing.T, c <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-c:
	case <-time.After(30 * time.Second):
		t.Fatalf("%s never happened", what)
	}
}

// TestRunOnTheRealClock runs two replicas with short durations: the first
// creates the table and gains the lease; when its Run ends it releases, and
// the second gains it.
func TestRunOnTheRealClock(t *testing.T) {
	_, cfg := fakeawstest.Start(t)
	client := dynamodb.NewFromConfig(cfg)
	regA := prometheus.NewRegistry()
	durations := WithDurations(3*time.Second, 2*time.Second, 50*time.Millisecond)
	a, err := New(client, testTable, WithIdentity("a"), durations, WithRegisterer(regA))
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(client, testTable, WithIdentity("b"), durations)
	if err != nil {
		t.Fatal(err)
	}
	ctxA, stopA := context.WithCancel(t.Context())
	doneA := make(chan error, 1)
	go func() { doneA <- a.Run(ctxA) }()
	wait(t, a.Gained(), "a gaining the lease")
	if got := testutil.ToFloat64(a.m.leader); got != 1 {
		t.Errorf("reconciler_leader = %v while holding, want 1", got)
	}
	go func() { _ = b.Run(t.Context()) }()

	stopA()
	if err := <-doneA; err != nil {
		t.Errorf("Run after cancel = %v, want nil", err)
	}
	if a.Held() {
		t.Error("a holds the lease after Run returned")
	}
	wait(t, b.Gained(), "b gaining the released lease")
	if got := testutil.ToFloat64(a.m.leader); got != 0 {
		t.Errorf("reconciler_leader = %v after release, want 0", got)
	}
	if got := testutil.ToFloat64(a.m.transitions); got != 2 {
		t.Errorf("reconciler_lease_transitions_total = %v, want 2 (gained, released)", got)
	}
}

func TestEnsureTableCreatesAnOnDemandTable(t *testing.T) {
	_, cfg := fakeawstest.Start(t)
	client := dynamodb.NewFromConfig(cfg)
	l, err := New(client, testTable)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second call finds it
		if err := l.EnsureTable(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	out, err := client.DescribeTable(t.Context(), &dynamodb.DescribeTableInput{TableName: aws.String(testTable)})
	if err != nil {
		t.Fatal(err)
	}
	if out.Table.BillingModeSummary == nil || out.Table.BillingModeSummary.BillingMode != types.BillingModePayPerRequest {
		t.Errorf("billing = %+v, want PAY_PER_REQUEST", out.Table.BillingModeSummary)
	}
	if err := checkKeySchema(out.Table); err != nil {
		t.Error(err)
	}
}

func TestEnsureTableRefusesATableWithAnotherKey(t *testing.T) {
	_, cfg := fakeawstest.Start(t)
	client := dynamodb.NewFromConfig(cfg)
	_, err := client.CreateTable(t.Context(), &dynamodb.CreateTableInput{TableName: aws.String(testTable),
		BillingMode:          types.BillingModePayPerRequest,
		AttributeDefinitions: []types.AttributeDefinition{{AttributeName: aws.String("id"), AttributeType: types.ScalarAttributeTypeS}},
		KeySchema:            []types.KeySchemaElement{{AttributeName: aws.String("id"), KeyType: types.KeyTypeHash}}})
	if err != nil {
		t.Fatal(err)
	}
	l, _ := New(client, testTable)
	if err := l.EnsureTable(t.Context()); err == nil {
		t.Error("EnsureTable accepted a table keyed by id")
	}
	if err := l.Run(t.Context()); err == nil {
		t.Error("Run went on with a table it cannot use")
	}
}

func TestNewRefusesDurationsOutOfOrder(t *testing.T) {
	for _, d := range [][3]time.Duration{{20, 20, 5}, {30, 5, 5}, {30, 20, 0}, {10, 20, 5}} {
		if _, err := New(nil, testTable, WithDurations(d[0]*time.Second, d[1]*time.Second, d[2]*time.Second)); err == nil {
			t.Errorf("durations %v accepted", d)
		}
	}
}

func TestGuard(t *testing.T) {
	w := newWorld(t)
	a := w.replica("a", nil)
	if err := a.Guard(); err != ErrNotHeld {
		t.Errorf("Guard before acquiring = %v, want ErrNotHeld", err)
	}
	w.run(w.after(time.Second), a.Held)
	if err := a.Guard(); err != nil {
		t.Errorf("Guard while holding = %v", err)
	}
}
