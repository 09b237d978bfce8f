package registry

import (
	"context"
	"errors"
	"sync"

	"github.com/everruns/reconciler/pkg/desired"
)

// Gate holds the images a pass found missing from their registry, so that
// the task definitions' adapter refuses to register a revision that names
// one: its service keeps its running revision instead of rolling into
// tasks that cannot pull, and never trips its circuit breaker over a tag
// that does not exist. It is refilled at every pass (tags move: an image
// missing now may be pushed before the next pass). Safe for concurrent
// use.
type Gate struct {
	mu      sync.Mutex
	missing map[string]string // image:tag → why
}

// Refusal is why image may not be registered, or "" when it may.
func (g *Gate) Refusal(image string) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.missing[image]
}

// Check asks the registry of every tag-policy container whether its tag
// exists (one manifest HEAD per image and pass), fills g with those it
// says are missing, and returns them as troubles. A registry that cannot
// be asked refuses nothing: ECS resolves the tag at task start, as it
// always has. Digest-policy containers are not asked again: Resolve keeps
// their current image when their tag cannot be resolved.
func (r *Resolver) Check(ctx context.Context, env *desired.Environment, g *Gate) []Trouble {
	type use struct {
		owner   string
		address desired.Address
	}
	users := map[Image][]use{}
	var order []Image
	for _, p := range tagContainers(env) {
		img := Image{Repository: p.image, Tag: p.tag, Secret: p.secret}
		if _, seen := users[img]; !seen {
			order = append(order, img)
		}
		users[img] = append(users[img], use{p.owner, p.address})
	}
	errs := make([]error, len(order))
	var wg sync.WaitGroup
	for i, img := range order {
		wg.Go(func() { _, errs[i] = r.Exists(ctx, img) })
	}
	wg.Wait()
	missing := map[string]string{}
	var troubles []Trouble
	for i, img := range order {
		var nf *NotFoundError
		if !errors.As(errs[i], &nf) {
			continue
		}
		missing[img.String()] = nf.Error() + ": no revision naming it is registered; its service keeps its running revision, if any"
		for _, u := range users[img] {
			troubles = append(troubles, Trouble{Owner: u.owner, Address: u.address, Kept: "the running revision, if any", Err: nf})
		}
	}
	g.mu.Lock()
	g.missing = missing
	g.mu.Unlock()
	return troubles
}
