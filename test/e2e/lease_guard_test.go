package e2e

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ecs"

	"github.com/everruns/reconciler/internal/fakeaws"
	"github.com/everruns/reconciler/internal/lease"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// pausableClock is the wall clock, plus the time this process spent
// stopped: a pause moves it forward at once, as a SIGSTOP'd or starved
// process finds when it runs again.
type pausableClock struct {
	mu     sync.Mutex
	paused time.Duration
}

func (c *pausableClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.paused)
}

func (c *pausableClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

func (c *pausableClock) pause(d time.Duration) {
	c.mu.Lock()
	c.paused += d
	c.mu.Unlock()
}

// A holder paused in the middle of an UpdateService that the SDK is
// retrying under throttling (the pause falls between the throttled
// attempt and its retry) has lost its lease when it runs again: the retry
// is not sent. The engine's guard wraps the adapter's call as a whole;
// the check before every attempt is the clients' middleware's, fed by the
// context the engine gives each mutating call. Reads are still sent.
func TestLeaseLostDuringTheSDKsRetriesStopsTheNextAttempt(t *testing.T) {
	f := newFake(t)
	clock := &pausableClock{}
	l, err := lease.New(dynamodb.NewFromConfig(testConfig(f)), "reconciler-lease",
		lease.WithDurations(30*time.Second, 20*time.Second, 5*time.Second), lease.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go func() { _ = l.Run(ctx) }()
	eventually(t, "the lease to be held", l.Held)

	cfg := testConfig(f)
	cfg.Retryer = func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = 5
			o.RateLimiter = ratelimit.None
			// Between the throttled attempt and its retry the process
			// stops for 40 s: past the 20 s renew deadline.
			o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) {
				clock.pause(40 * time.Second)
				return 0, nil
			})
		})
	}
	f.srv.InjectFault(fakeaws.Fault{Service: "ecs", Operation: "UpdateService", Kind: fakeaws.FaultThrottle, Count: 1})
	f.srv.ResetCalls()

	guarded := reconcile.WithMutationGuard(t.Context(), reconcile.MutationGuard{Check: l.Guard, Deadline: l.Deadline})
	client := ecs.NewFromConfig(cfg)
	_, err = client.UpdateService(guarded, &ecs.UpdateServiceInput{Cluster: aws.String("c"), Service: aws.String("api"),
		DesiredCount: aws.Int32(2)})
	if got := f.srv.Calls()["ecs:UpdateService"]; got != 1 {
		t.Errorf("UpdateService attempts sent = %d, want 1 (the throttled one; none after the lease was lost)", got)
	}
	if !errors.Is(err, reconcile.ErrGuard) || !errors.Is(err, lease.ErrNotHeld) || !reconcile.IsTerminal(err) {
		t.Errorf("UpdateService = %v, want a terminal ErrGuard wrapping lease.ErrNotHeld", err)
	}

	if _, err := client.ListClusters(guarded, &ecs.ListClustersInput{}); err != nil {
		t.Errorf("a read with the lease lost = %v, want it sent", err)
	}
}
