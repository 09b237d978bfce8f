package kit

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// TagCreatedAt is the tag in which a resource whose create takes no
// idempotency token (an EC2 VPC, subnet, internet gateway, security group,
// Elastic IP) carries its creation time, RFC 3339 in UTC, written in the
// create call itself: AWS reports no creation time for those, and the
// time is what orders twins (see Put). It is the reconciler's bookkeeping,
// never part of the observed tags field, never drift.
const TagCreatedAt = "everruns:created-at"

// Stamp returns tags with the created-at tag set to now. The idempotency
// token (Token) is computed from the file's tags, not from these: stamping
// never changes a token.
func Stamp(tags map[string]string, now time.Time) map[string]string {
	out := make(map[string]string, len(tags)+1)
	for k, v := range tags {
		out[k] = v
	}
	out[TagCreatedAt] = now.UTC().Format(time.RFC3339Nano)
	return out
}

// CreatedAt reads the created-at tag; zero when it is absent or unreadable.
func CreatedAt(tags map[string]string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, tags[TagCreatedAt])
	if err != nil {
		return time.Time{}
	}
	return t
}

// Put adds one observed resource. Two live resources claiming one address
// are twins (a create made twice): the older, by CreatedAt, is reported,
// and the others are recorded in its Twins for the engine to heal or
// refuse; observation goes on. A resource of unknown age counts as the
// younger (it is never deleted: see reconcile.TwinHealer); ties go to the
// smaller ID, so that every observer keeps the same one. The error is
// always nil now; it stays for the callers.
func Put(out Observation, addr desired.Address, l reconcile.Live) error {
	l.Address = addr
	prev, ok := out[addr]
	if !ok {
		out[addr] = l
		return nil
	}
	keep, other := prev, l
	if older(l, prev) {
		keep, other = l, prev
	}
	twins := append(append([]reconcile.Twin(nil), keep.Twins...), other.Twins...)
	keep.Twins = append(twins, reconcile.Twin{ID: other.ID, CreatedAt: other.CreatedAt})
	other.Twins = nil
	out[addr] = keep
	return nil
}

// older orders twins: known before unknown, then by time, then by ID.
func older(a, b reconcile.Live) bool {
	if a.CreatedAt.IsZero() != b.CreatedAt.IsZero() {
		return !a.CreatedAt.IsZero()
	}
	if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
		return c < 0
	}
	return cmp.Less(a.ID, b.ID)
}

// Settle is called right after a create that took no idempotency token,
// with what the create made: it observes the kind again, so that two
// creators racing (two daemons without a lease) agree at once on one
// resource while the younger is still empty. It returns the resource the
// address keeps, made or an older one, with the others among its Twins
// for the engine to heal (reconcile.TwinHealer). If observing fails, made
// is kept as it is: the next pass finds any twin.
func Settle(ctx context.Context, id desired.Identity, made reconcile.Live,
	observe func(context.Context, desired.Identity) (Observation, error)) reconcile.Live {
	m, err := observe(ctx, id)
	if err != nil {
		return made
	}
	seen, ok := m[made.Address]
	if !ok {
		return made // not listed yet (EC2 is eventually consistent)
	}
	if seen.ID == made.ID {
		made.Twins = seen.Twins
		return made
	}
	if slices.ContainsFunc(seen.Twins, func(t reconcile.Twin) bool { return t.ID == made.ID }) {
		return seen
	}
	out := Observation{made.Address: seen}
	_ = Put(out, made.Address, made) // never fails
	if out[made.Address].ID == made.ID {
		made.Twins = out[made.Address].Twins
		return made
	}
	return out[made.Address]
}
