package awsconfig

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"

	"github.com/everruns/reconciler/pkg/reconcile"
)

// GuardMutations makes every client built from cfg check, before each
// attempt of a mutating operation, the reconcile.MutationGuard its context
// carries (the engine puts the lease's there for every create, update and
// delete). The check sits after the SDK's retry step and after the rate
// limit's wait, right before the request is signed and sent: a replica
// that was paused in the middle of a throttled, retried call, and lost
// its lease meanwhile, sends no further attempt. Each guarded attempt's
// context also ends at the guard's deadline (the lease's renew deadline),
// so that an attempt cannot outlive the permission it was made under.
// Calls without a guard in their context are untouched.
func GuardMutations(cfg *aws.Config) {
	cfg.APIOptions = append(cfg.APIOptions, func(stack *middleware.Stack) error {
		return stack.Finalize.Add(guardMiddleware, middleware.After)
	})
}

var guardMiddleware = middleware.FinalizeMiddlewareFunc("ReconcilerMutationGuard", func(
	ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler,
) (middleware.FinalizeOutput, middleware.Metadata, error) {
	g, ok := reconcile.MutationGuardFrom(ctx)
	op := awsmiddleware.GetOperationName(ctx)
	if !ok || ReadOnly(op) {
		return next.HandleFinalize(ctx, in)
	}
	if err := g.Check(); err != nil {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, reconcile.Terminal(fmt.Errorf(
			"%w: %s:%s attempt not sent: %w", reconcile.ErrGuard, awsmiddleware.GetServiceID(ctx), op, err))
	}
	if g.Deadline != nil {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, g.Deadline())
		defer cancel()
	}
	return next.HandleFinalize(ctx, in)
})

// readPrefixes start the names of the operations that only read, in every
// service the reconciler calls (AWS's own naming: Describe*, List*, Get*,
// BatchGet*). Anything else is taken as mutating: refusing a read by
// mistake costs a failed call, sending a write by mistake costs a split
// brain.
var readPrefixes = []string{"Describe", "List", "Get", "BatchGet"}

// ReadOnly reports whether the operation (DescribeVpcs, UpdateService)
// only reads.
func ReadOnly(op string) bool {
	for _, p := range readPrefixes {
		if strings.HasPrefix(op, p) {
			return true
		}
	}
	return false
}
