package reconcile

import (
	"context"
	"fmt"
	"sync"

	"github.com/everruns/reconciler/pkg/desired"
)

// Completer is implemented by a kind whose Observe may leave a resource's
// fields unread because only a read per resource gives them, and what it
// observed in bulk says enough to compare (an ECS task definition
// revision never changes, and carries a hash of its content in a tag).
// Before comparing, the engine asks Complete with the resource as the
// file wants it (refs resolved as far as they can be): the kind fills the
// fields in from want when the summary proves them equal, with no call,
// and otherwise reads them, so that a report shows what differs. A live
// that was read whole is returned unchanged.
type Completer interface {
	Complete(ctx context.Context, want desired.Resource, live Live) (Live, error)
}

// complete completes, side by side, the observed resources in scope whose
// kind is a Completer.
func (e *Engine) complete(ctx context.Context, g *graph, scope []desired.Address, observed map[desired.Address]Live) error {
	var mu sync.Mutex
	var wg sync.WaitGroup
	var first error
	completed := map[desired.Address]Live{}
	for _, a := range scope {
		r := g.byAddr[a]
		c, ok := e.kinds[r.Kind].(Completer)
		l, exists := observed[a]
		if !ok || !exists {
			continue
		}
		resolved, _ := resolve(r, observed)
		wg.Go(func() {
			done, err := c.Complete(ctx, resolved, l)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if first == nil {
					first = fmt.Errorf("observe %s: %w", a, err)
				}
				return
			}
			if done.Address == "" {
				done.Address = a
			}
			completed[a] = done
		})
	}
	wg.Wait()
	for a, l := range completed {
		observed[a] = l
	}
	return first
}

// completeOne is complete for the one resource act is about to compare.
func completeOne(ctx context.Context, k Kind, want desired.Resource, live Live, exists bool) (Live, error) {
	c, ok := k.(Completer)
	if !ok || !exists {
		return live, nil
	}
	done, err := c.Complete(ctx, want, live)
	if err != nil {
		return live, fmt.Errorf("observe %s: %w", want.Address, err)
	}
	if done.Address == "" {
		done.Address = live.Address
	}
	return done, nil
}
