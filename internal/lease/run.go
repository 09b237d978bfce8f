package lease

import (
	"context"
	"errors"
	"time"

	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// Run ensures the table, then takes and keeps the lease until ctx ends; it
// then releases the lease, if held, so that another replica takes over at
// once, and returns nil. It returns an error only if the table cannot be
// used (a terminal AWS error, such as access denied); transient errors are
// retried every retry period.
func (l *Lease) Run(ctx context.Context) error {
	if err := l.ensureTableRetrying(ctx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	for {
		wait := l.step(ctx)
		select {
		case <-ctx.Done():
			l.shutdown()
			return nil
		case <-l.cfg.clock.After(wait):
		}
	}
}

// step is one acquisition or renewal attempt; it returns how long to wait
// before the next.
func (l *Lease) step(ctx context.Context) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if h := l.held.Load(); h != nil {
		return l.renew(ctx, h)
	}
	return l.acquire(ctx)
}

// shutdown releases the lease with a context of its own, since Run's has
// ended; it is bounded by the renew deadline, after which the release is
// pointless anyway.
func (l *Lease) shutdown() {
	l.mu.Lock()
	defer l.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), l.cfg.renewDeadline)
	defer cancel()
	if err := l.release(ctx); err != nil {
		l.cfg.logger.Warn("lease release failed: another replica takes over when it expires",
			zap.String("table", l.table), zap.Error(err))
	}
}

// dynamoErrors classifies DynamoDB's answers: a table still being created
// is not ready; anything else unknown goes by its HTTP status.
var dynamoErrors = kit.NewClassifier(kit.ErrorTable{
	Service:  "DynamoDB",
	NotFound: []string{"ResourceNotFoundException"},
	NotReady: []string{"ResourceInUseException"},
})

func (l *Lease) ensureTableRetrying(ctx context.Context) error {
	for {
		err := l.EnsureTable(ctx)
		if err == nil || ctx.Err() != nil || errors.Is(err, errUnusableTable) || dynamoErrors.Classify(err) == reconcile.ClassTerminal {
			return err
		}
		l.cfg.logger.Warn("lease table not usable yet", zap.String("table", l.table), zap.Error(err))
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-l.cfg.clock.After(l.cfg.retryPeriod):
		}
	}
}
