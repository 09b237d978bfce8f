// Package lease lets several replicas of the reconciler agree that only one
// of them acts on AWS, through a lease record in DynamoDB. It follows
// client-go's leader election and the rules of awslabs'
// amazon-dynamodb-lock-client:
//
//   - the record holds the holder, a fencing token (+1 on every
//     acquisition), the holder's lease duration and a record version number
//     (rvn) that every write by a holder changes; every write is conditional
//     on the rvn last seen, so two replicas can never both win a write;
//   - the holder renews every retry period, and treats itself as not holding
//     once the renew deadline has passed since the start of its last
//     successful renewal, which is before any other replica may take over;
//   - a replica takes over a held record only after it has seen its rvn
//     unchanged for a full lease duration by its own clock: no wall clocks
//     are compared across hosts.
package lease

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// API is the part of *dynamodb.Client the lease uses.
type API interface {
	DescribeTable(ctx context.Context, in *dynamodb.DescribeTableInput, opts ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error)
	CreateTable(ctx context.Context, in *dynamodb.CreateTableInput, opts ...func(*dynamodb.Options)) (*dynamodb.CreateTableOutput, error)
	GetItem(ctx context.Context, in *dynamodb.GetItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	UpdateItem(ctx context.Context, in *dynamodb.UpdateItemInput, opts ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error)
}

// ErrNotHeld is what Guard returns when this replica may not act.
var ErrNotHeld = errors.New("lease not held")

// Lease is one replica's view of the lease. Held, Guard, Token, Identity
// and the channels are safe from any goroutine; Run drives the rest.
type Lease struct {
	api    API
	table  string
	holder string
	cfg    config
	m      metrics

	held                 atomic.Pointer[holding] // nil while not held
	gained, lost, nudged chan struct{}

	mu       sync.Mutex // serialises steps; guards the fields below
	observed observation
	mine     []string // rvns the record may hold while ours: the last confirmed, then unconfirmed attempts
	requests int64    // pass_requested as last seen by the holder
	// holderSeen is when a holder was last known alive, in Unix
	// nanoseconds (Holderless).
	holderSeen atomic.Int64
}

// holding is an acquisition: renewed is when the last successful write by
// this holder was sent, the instant its validity counts from.
type holding struct {
	renewed time.Time
	fence   int64
}

// observation is a record held by another replica, and since when its rvn
// has been seen unchanged.
type observation struct {
	rvn   string
	since time.Time
}

// New returns a lease on the record WithKey (default "reconciler") of table.
func New(api API, table string, opts ...Option) (*Lease, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	m, err := newMetrics(cfg.registerer)
	if err != nil {
		return nil, fmt.Errorf("lease: register metrics: %w", err)
	}
	l := &Lease{api: api, table: table, holder: cfg.identity + "/" + newRVN()[:8], cfg: cfg, m: m,
		gained: make(chan struct{}, 1), lost: make(chan struct{}, 1), nudged: make(chan struct{}, 1)}
	l.seenHolder(cfg.clock.Now()) // no news yet is no alarm
	return l, nil
}

// Held reports whether this replica holds the lease and may act: cheap
// (an atomic load and a clock read), meant to be called before every
// mutating AWS call. It turns false by itself once the renew deadline has
// passed without a successful renewal, even while a renewal call hangs.
func (l *Lease) Held() bool { return l.valid(l.held.Load()) }

func (l *Lease) valid(h *holding) bool {
	return h != nil && l.cfg.clock.Now().Sub(h.renewed) < l.cfg.renewDeadline
}

// Guard returns ErrNotHeld unless Held.
func (l *Lease) Guard() error {
	if !l.Held() {
		return ErrNotHeld
	}
	return nil
}

// Deadline is when this replica stops holding the lease unless a renewal
// succeeds first: the renew deadline after the last successful renewal;
// zero when not held. A mutating call's context ends then
// (reconcile.ApplyOptions.GuardDeadline).
func (l *Lease) Deadline() time.Time {
	if h := l.held.Load(); l.valid(h) {
		return h.renewed.Add(l.cfg.renewDeadline)
	}
	return time.Time{}
}

// Token is the fencing token of the current acquisition, 0 when not held.
// It increases with every acquisition, by any replica.
func (l *Lease) Token() int64 {
	if h := l.held.Load(); l.valid(h) {
		return h.fence
	}
	return 0
}

// Identity is this replica's holder name as written in the record.
func (l *Lease) Identity() string { return l.holder }

// Gained receives a value when this replica acquires the lease: start a
// pass at once. Lost receives one when it stops holding it. Nudged receives
// one when, while holding, a renewal sees that another replica called Nudge.
// Each channel holds one pending value; signals coalesce.
func (l *Lease) Gained() <-chan struct{} { return l.gained }
func (l *Lease) Lost() <-chan struct{}   { return l.lost }
func (l *Lease) Nudged() <-chan struct{} { return l.nudged }

func signal(c chan struct{}) {
	select {
	case c <- struct{}{}:
	default:
	}
}
