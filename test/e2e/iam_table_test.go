package e2e

import (
	"maps"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/everruns/reconciler/internal/adapters"
	"github.com/everruns/reconciler/internal/fakeaws/authz"
	"github.com/everruns/reconciler/internal/lease"
)

// devcloud's authorization table holds every operation the reconciler can
// make (each adapter's declared operations, deletes included, and the
// lease's): under -enforce-iam an operation missing from it is refused,
// so a new call cannot go unjudged.
func TestAuthorizationTableCoversEveryOperation(t *testing.T) {
	reg, err := adapters.New(aws.Config{Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	kinds := slices.Sorted(maps.Keys(reg.Kinds()))
	ops := append(adapters.OperationsFor(reg, kinds, true), lease.Operations...)
	table := authz.Operations()
	for _, op := range ops {
		if !slices.Contains(table, op) {
			t.Errorf("%s is not in devcloud's authorization table (internal/fakeaws/authz)", op)
		}
	}
	if len(ops) < 100 {
		t.Errorf("only %d operations declared: the adapters' tables were not read", len(ops))
	}
}
