package awsconfig

import (
	"context"
	"strings"
	"sync"

	"golang.org/x/time/rate"
)

// Limiter paces call attempts before they leave the process. Wait blocks
// until the attempt of operation on service (the SDK's service ID, such as
// "EC2" or "Elastic Load Balancing v2") may go, or ctx ends.
type Limiter interface {
	Wait(ctx context.Context, service, operation string) error
}

// Bucket is a token bucket as AWS documents its throttling: Capacity
// tokens at most (the burst), refilled at Refill tokens a second (the
// sustained rate).
type Bucket struct {
	Capacity int
	Refill   float64
}

// Family is the API family an operation's throttling bucket belongs to.
type Family string

const (
	// Read is a non-mutating call (Describe*, List*, Get*).
	Read Family = "read"
	// Mutate is every other call.
	Mutate Family = "mutate"
)

// FamilyOf classifies an operation by its name, as the mutation guard
// does (ReadOnly): the one rule of what reads in this package.
func FamilyOf(operation string) Family {
	if ReadOnly(operation) {
		return Read
	}
	return Mutate
}

// awsBuckets are AWS's own request token buckets where a service documents
// them, and a conservative read/mutate pair where it does not.
//
//   - EC2 ("Request throttling for the Amazon EC2 API"): each API has its
//     own bucket; non-mutating actions hold 100 tokens refilled at 20/s,
//     mutating actions 50 refilled at 5/s.
//   - ECS ("Request throttling for the Amazon ECS API"): buckets per group
//     of actions (cluster, service, task definition, task; read or
//     modify); the cluster read group, the example the page works
//     through, holds 50 refilled at 20/s. Every ECS read group uses that
//     size, every modify group the EC2 mutating size, the smaller.
//   - Everything else: the same 50/20 and 50/5. Each service throttles
//     per account and region independently of the others, so one slow
//     family never holds up another.
//
// The SDK's adaptive retry mode handles whatever throttling is left (an
// account shared with other callers), so these need only keep the
// reconciler from being the cause.
var awsBuckets = map[string]map[Family]Bucket{
	"EC2": {Read: {Capacity: 100, Refill: 20}, Mutate: {Capacity: 50, Refill: 5}},
	"ECS": {Read: {Capacity: 50, Refill: 20}, Mutate: {Capacity: 50, Refill: 5}},
}

var defaultBuckets = map[Family]Bucket{Read: {Capacity: 50, Refill: 20}, Mutate: {Capacity: 50, Refill: 5}}

// groupOf names the bucket of an operation within its service and family:
// EC2 evaluates each API on its own; ECS groups its actions by what they
// act on; other services count a family as one.
var groupOf = map[string]func(operation string) string{
	"EC2": func(op string) string { return op },
	"ECS": func(op string) string {
		for _, noun := range []string{"TaskDefinition", "Service", "Cluster", "Task"} {
			if strings.Contains(op, noun) {
				return noun
			}
		}
		return "other"
	},
}

// AWSShaped is a Limiter with AWS's own bucket layout: one bucket per
// service and family (per operation where the service counts per API),
// sized as the service documents.
type AWSShaped struct {
	mu      sync.Mutex
	buckets map[string]*rate.Limiter
}

// NewAWSShaped returns an empty set of buckets; each fills on first use.
func NewAWSShaped() *AWSShaped {
	return &AWSShaped{buckets: map[string]*rate.Limiter{}}
}

// Wait takes one token from the bucket of service and operation.
func (a *AWSShaped) Wait(ctx context.Context, service, operation string) error {
	return a.bucket(service, operation).Wait(ctx)
}

func (a *AWSShaped) bucket(service, operation string) *rate.Limiter {
	family := FamilyOf(operation)
	key := service + "/" + string(family)
	if group, ok := groupOf[service]; ok {
		key += "/" + group(operation)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if l, ok := a.buckets[key]; ok {
		return l
	}
	b, ok := awsBuckets[service][family]
	if !ok {
		b = defaultBuckets[family]
	}
	l := rate.NewLimiter(rate.Limit(b.Refill), b.Capacity)
	a.buckets[key] = l
	return l
}

// Global is one bucket for every call of every service: the limiter the
// reconciler had before AWSShaped, kept for side-by-side measurement.
type Global struct{ l *rate.Limiter }

// NewGlobal is one bucket of burst tokens refilled at perSecond.
func NewGlobal(perSecond float64, burst int) Global {
	return Global{rate.NewLimiter(rate.Limit(perSecond), burst)}
}

// Wait takes one token from the single bucket.
func (g Global) Wait(ctx context.Context, _, _ string) error { return g.l.Wait(ctx) }
