package lease

import (
	"errors"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"
)

// Defaults, as client-go's leader election: a holder renews every
// RetryPeriod, stops acting once RenewDeadline has passed since its last
// successful renewal, and another replica may take over once it has seen the
// record unchanged for LeaseDuration. The 10 s between the last two is the
// margin for a slow renewal call and for clocks that run at different rates.
const (
	DefaultLeaseDuration = 30 * time.Second
	DefaultRenewDeadline = 20 * time.Second
	DefaultRetryPeriod   = 5 * time.Second
	DefaultKey           = "reconciler"
)

// Clock is the time source; tests inject one they move by hand. Only
// durations measured on one host's Clock are ever compared.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

type config struct {
	key, identity                             string
	leaseDuration, renewDeadline, retryPeriod time.Duration
	clock                                     Clock
	logger                                    *zap.Logger
	registerer                                prometheus.Registerer
}

// Option configures a Lease.
type Option func(*config)

// WithKey names the lease record (the lease_id; default "reconciler"), so
// that several environments can share one table.
func WithKey(key string) Option { return func(c *config) { c.key = key } }

// WithIdentity sets the readable part of this replica's holder name
// (default: the host name); a random suffix keeps two processes apart.
func WithIdentity(name string) Option { return func(c *config) { c.identity = name } }

// WithDurations sets the lease duration, renew deadline and retry period;
// New requires leaseDuration > renewDeadline > retryPeriod > 0.
func WithDurations(leaseDuration, renewDeadline, retryPeriod time.Duration) Option {
	return func(c *config) {
		c.leaseDuration, c.renewDeadline, c.retryPeriod = leaseDuration, renewDeadline, retryPeriod
	}
}

// WithClock sets the clock (default: the system's, monotonic).
func WithClock(clock Clock) Option { return func(c *config) { c.clock = clock } }

// WithLogger sets the logger (default: none).
func WithLogger(l *zap.Logger) Option { return func(c *config) { c.logger = l } }

// WithRegisterer registers reconciler_leader and
// reconciler_lease_transitions_total on reg (default: not registered).
func WithRegisterer(reg prometheus.Registerer) Option { return func(c *config) { c.registerer = reg } }

func newConfig(opts []Option) (config, error) {
	c := config{key: DefaultKey, leaseDuration: DefaultLeaseDuration, renewDeadline: DefaultRenewDeadline,
		retryPeriod: DefaultRetryPeriod, clock: realClock{}, logger: zap.NewNop()}
	for _, o := range opts {
		o(&c)
	}
	if c.identity == "" {
		c.identity, _ = os.Hostname()
	}
	if !(c.leaseDuration > c.renewDeadline && c.renewDeadline > c.retryPeriod && c.retryPeriod > 0) {
		return c, errors.New("lease: want lease duration > renew deadline > retry period > 0")
	}
	if c.key == "" {
		return c, errors.New("lease: empty key")
	}
	return c, nil
}
