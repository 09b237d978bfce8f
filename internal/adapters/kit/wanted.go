package kit

import (
	"context"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// Wanted is the addresses of the resources of kind the file of ctx's pass
// wants (reconcile.Wanted); false when the pass does not say.
func Wanted(ctx context.Context, kind string) ([]desired.Address, bool) {
	rs, ok := reconcile.Wanted(ctx, kind)
	if !ok {
		return nil, false
	}
	out := make([]desired.Address, len(rs))
	for i, r := range rs {
		out[i] = r.Address
	}
	return out, true
}

// Covers says whether named holds every address of want. A cheaper read
// (the tagging index, a read by ARN) may stand in for a kind's listing
// only when it covers every resource the file wants: one it missed would
// be believed missing and created again.
func Covers(named map[desired.Address]bool, want []desired.Address) bool {
	for _, a := range want {
		if !named[a] {
			return false
		}
	}
	return true
}
