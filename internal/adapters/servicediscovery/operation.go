package servicediscovery

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	sd "github.com/aws/aws-sdk-go-v2/service/servicediscovery"
	"github.com/aws/aws-sdk-go-v2/service/servicediscovery/types"

	"github.com/everruns/reconciler/pkg/reconcile"
)

// waiter polls a Cloud Map operation (namespace creation, service
// updates are asynchronous: the call returns an OperationId) until it
// succeeds or fails, with a growing interval, for at most limit; past
// that it answers not-ready and the engine, which polls not-ready errors
// within its own readiness timeout, calls again.
type waiter struct {
	sleep       func(ctx context.Context, d time.Duration) error
	first, most time.Duration
	limit       time.Duration
}

// Option configures the tier.
type Option func(*waiter)

// WithSleep replaces the wall-clock wait between GetOperation polls (a
// test advances the fake's clock instead).
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(w *waiter) { w.sleep = sleep }
}

// Namespaces take tens of seconds (a Route 53 hosted zone is created);
// service updates a few.
func defaultWaiter() waiter {
	return waiter{sleep: sleepCtx, first: 100 * time.Millisecond, most: 5 * time.Second, limit: 2 * time.Minute}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// wait returns the operation once it is SUCCESS or FAIL.
func (w waiter) wait(ctx context.Context, api API, id string) (*types.Operation, error) {
	delay, waited := w.first, time.Duration(0)
	for {
		out, err := api.GetOperation(ctx, &sd.GetOperationInput{OperationId: aws.String(id)})
		if err != nil {
			return nil, fmt.Errorf("get operation %s: %w", id, err)
		}
		op := out.Operation
		if op.Status == types.OperationStatusSuccess || op.Status == types.OperationStatusFail {
			return op, nil
		}
		if waited >= w.limit {
			return nil, reconcile.NotReady(fmt.Errorf("operation %s still %s after %s", id, op.Status, waited))
		}
		if err := w.sleep(ctx, delay); err != nil {
			return nil, err
		}
		waited += delay
		delay = min(2*delay, w.most)
	}
}

// failure is a failed operation's reason, for people.
func failure(op *types.Operation) error {
	return reconcile.Terminal(fmt.Errorf("operation %s failed: %s: %s", aws.ToString(op.Id), aws.ToString(op.ErrorCode), aws.ToString(op.ErrorMessage)))
}
