package reconcile

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"sync"
	"time"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
)

// fakeClock advances only when slept on: tests control time and never
// wait for real.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *fakeClock { return &fakeClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return nil
}

// cloud is an in-memory AWS: objects by address, each of one kind, that
// any number of KindFns read and write. Hooks let a test fail or slow a
// call.
type cloud struct {
	mu      sync.Mutex
	objs    map[desired.Address]*obj
	seq     int
	calls   []string                // "create network.vpc", "observe ec2.vpc", …
	pending map[desired.Address]int // observes left before the object is ready
	// onCreate, when set, runs before a create; a non-nil error fails it.
	onCreate func(ctx context.Context, r desired.Resource) error
}

type obj struct {
	kind string
	live Live
}

func newCloud() *cloud {
	return &cloud{objs: map[desired.Address]*obj{}, pending: map[desired.Address]int{}}
}

func (c *cloud) record(call string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls = append(c.calls, call)
}

func (c *cloud) count(call string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, s := range c.calls {
		if s == call {
			n++
		}
	}
	return n
}

// kinds returns a KindFns for each name, all over this cloud.
func (c *cloud) kinds(names ...string) map[string]Kind {
	out := map[string]Kind{}
	for _, n := range names {
		out[n] = c.kind(n)
	}
	return out
}

func (c *cloud) kind(name string) KindFns {
	return KindFns{
		ObserveFn: func(ctx context.Context, _ desired.Identity) (map[desired.Address]Live, error) {
			c.record("observe " + name)
			return c.observe(name), nil
		},
		CreateFn: func(ctx context.Context, _ desired.Identity, r desired.Resource) (Live, error) {
			c.record("create " + string(r.Address))
			if c.onCreate != nil {
				if err := c.onCreate(ctx, r); err != nil {
					return Live{}, err
				}
			}
			return c.put(name, r), nil
		},
		UpdateFn: func(ctx context.Context, _ desired.Identity, r desired.Resource, live Live, _ drift.Delta) (Live, error) {
			c.record("update " + string(r.Address))
			return c.put(name, r), nil
		},
		DeleteFn: func(ctx context.Context, live Live) error {
			c.record("delete " + string(live.Address))
			c.mu.Lock()
			defer c.mu.Unlock()
			delete(c.objs, live.Address)
			return nil
		},
	}
}

func (c *cloud) observe(kind string) map[desired.Address]Live {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[desired.Address]Live{}
	for a, o := range c.objs {
		if o.kind != kind {
			continue
		}
		if c.pending[a] > 0 {
			c.pending[a]--
		}
		o.live.Ready = c.pending[a] == 0
		out[a] = o.live
	}
	return out
}

// put stores r as it would be after a create or update; the ID is kept
// across updates.
func (c *cloud) put(kind string, r desired.Resource) Live {
	c.mu.Lock()
	defer c.mu.Unlock()
	o, ok := c.objs[r.Address]
	if !ok {
		c.seq++
		o = &obj{kind: kind, live: Live{Address: r.Address, ID: fmt.Sprintf("id-%d", c.seq)}}
		c.objs[r.Address] = o
	}
	o.live.Fields = maps.Clone(r.Fields)
	o.live.Attrs = map[string]string{"arn": "arn:" + o.live.ID}
	o.live.Ready = c.pending[r.Address] == 0
	return o.live
}

// seed puts an object in the cloud before the test starts.
func (c *cloud) seed(kind string, r desired.Resource) Live {
	return c.put(kind, r)
}

// transient and terminal errors as an adapter would return them.
var (
	errThrottled = errors.New("throttling: rate exceeded")
	errDenied    = Terminal(errors.New("AccessDenied"))
)

func res(addr, kind string, fields map[string]any, deps ...desired.Address) desired.Resource {
	if fields == nil {
		fields = map[string]any{}
	}
	return desired.Resource{Address: desired.Address(addr), Kind: kind, Fields: fields, DependsOn: deps}
}

func ref(addr string) desired.Ref { return desired.Ref{Address: desired.Address(addr)} }
