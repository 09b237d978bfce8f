package wire

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"go.uber.org/zap"

	"github.com/everruns/reconciler/internal/awsconfig"
	"github.com/everruns/reconciler/internal/lease"
	"github.com/everruns/reconciler/internal/metrics"
)

// durations are the lease duration, renew deadline and retry period.
func (o LeaseOptions) durations() (time.Duration, time.Duration, time.Duration) {
	return o.Duration, o.Duration * 2 / 3, o.Duration / 6
}

// open builds the lease over a DynamoDB client of its own: its own rate
// limiter, so that a pass that uses up the engine's budget can never
// delay a renewal past the renew deadline. nil without a table.
func (o LeaseOptions) open(ctx context.Context, log *zap.Logger, m *metrics.Metrics) (*lease.Lease, error) {
	if o.Table == "" {
		return nil, nil
	}
	cfg, err := awsconfig.Load(ctx, awsconfig.Options{Metrics: m, Logger: log})
	if err != nil {
		return nil, fmt.Errorf("lease: %w", err)
	}
	d, r, p := o.durations()
	return lease.New(dynamodb.NewFromConfig(cfg), o.Table, lease.WithDurations(d, r, p),
		lease.WithLogger(log.Named("lease")), lease.WithRegisterer(m.Registry))
}

// leaseView is the lease as the daemon sees it (daemon.Lease): Changed
// fires on every gain and loss.
type leaseView struct {
	*lease.Lease
	changed chan struct{}
}

// watchLease returns the daemon's view of l and forwards, until ctx ends,
// its gains and losses to Changed and its nudges to onNudge.
func watchLease(ctx context.Context, l *lease.Lease, onNudge func()) *leaseView {
	v := &leaseView{Lease: l, changed: make(chan struct{}, 1)}
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-l.Gained():
				notify(v.changed)
			case <-l.Lost():
				notify(v.changed)
			case <-l.Nudged():
				onNudge()
			}
		}
	}()
	return v
}

// Changed receives a value whenever Held may have changed.
func (v *leaseView) Changed() <-chan struct{} { return v.changed }

func notify(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}

// runLease runs l until ctx ends (then releases it) and sends Run's result.
// A lease that cannot work at all (access denied, a table of the wrong
// shape) calls stop: a replica that can never act should not look healthy.
func runLease(ctx context.Context, l *lease.Lease, log *zap.Logger, stop func()) <-chan error {
	done := make(chan error, 1)
	if l == nil {
		done <- nil
		return done
	}
	go func() {
		err := l.Run(ctx)
		if err != nil {
			log.Error("the lease cannot be used; stopping", zap.Error(err))
			stop()
		}
		done <- err
	}()
	return done
}
