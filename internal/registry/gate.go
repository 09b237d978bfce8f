package registry

import (
	"context"
	"errors"
	"sync"

	"github.com/everruns/reconciler/pkg/desired"
)

// Gate asks the registry whether a tag-policy image exists when a revision
// naming it is about to be registered, so that the task definitions'
// adapter refuses that revision: its service keeps its running revision
// instead of rolling into tasks that cannot pull, and never trips its
// circuit breaker over a tag that does not exist.
//
// It asks only then, not at every pass: a pass that registers nothing (the
// daemon's usual pass) makes no registry call, and no registry's latency
// stands between a trigger and the pass's first AWS call. Each image is
// asked for once per pass (Reset starts a pass: tags move). Safe for
// concurrent use.
type Gate struct {
	mu       sync.Mutex
	resolver *Resolver
	report   func(Trouble)
	users    map[string][]use  // image:tag → who names it
	images   map[string]Image  // image:tag → how to ask for it
	asked    map[string]string // image:tag → why it is refused ("" allowed)
}

type use struct {
	owner   string
	address desired.Address
}

// Reset starts a pass over env: its tag-policy images, asked for through
// r, each refusal told to report.
func (g *Gate) Reset(r *Resolver, env *desired.Environment, report func(Trouble)) {
	users, images := map[string][]use{}, map[string]Image{}
	for _, p := range tagContainers(env) {
		img := Image{Repository: p.image, Tag: p.tag, Secret: p.secret}
		users[img.String()] = append(users[img.String()], use{p.owner, p.address})
		images[img.String()] = img
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.resolver, g.report, g.users, g.images, g.asked = r, report, users, images, map[string]string{}
}

// Refusal is why image may not be registered, or "" when it may: the
// registry said its tag does not exist. A registry that cannot be asked
// refuses nothing: ECS resolves the tag at task start, as it always has.
func (g *Gate) Refusal(ctx context.Context, image string) string {
	g.mu.Lock()
	why, done := g.asked[image]
	img, ok := g.images[image]
	r, report, users := g.resolver, g.report, g.users[image]
	g.mu.Unlock()
	if done || !ok || r == nil {
		return why
	}
	_, err := r.Exists(ctx, img)
	var nf *NotFoundError
	if errors.As(err, &nf) {
		why = nf.Error() + ": no revision naming it is registered; its service keeps its running revision, if any"
		for _, u := range users {
			if report != nil {
				report(Trouble{Owner: u.owner, Address: u.address, Kept: "the running revision, if any", Err: nf})
			}
		}
	}
	g.mu.Lock()
	g.asked[image] = why
	g.mu.Unlock()
	return why
}

// Known is what Refusal already answered for image this pass, asking no
// registry: "" when it was allowed or not asked yet.
func (g *Gate) Known(image string) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.asked[image]
}
