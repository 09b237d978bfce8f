package iam

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/everruns/reconciler/internal/adapters/concur"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// readConcurrency bounds the per-role reads in flight: IAM's read quota
// is shared by the whole account, and an environment has a few roles.
const readConcurrency = 8

// roleRead is one listed role with what IAM answers only per role.
type roleRead struct {
	role    types.Role
	tags    map[string]string
	managed []string
	inline  map[string]any
}

func (r roleRead) live() reconcile.Live { return roleLive(r.role, r.tags, r.managed, r.inline) }

// readRoles reads the tags, attached and inline policies of every listed
// role, all at once (bounded by readConcurrency): with 50 ms per call the
// read takes three round trips (the listing, then the per-role lists, then
// the inline documents) instead of 3 per role one after another. The roles
// are under the environment's own path (rolePath), so nothing of another
// environment is read. A role deleted since it was listed is left out.
func (k roleKind) readRoles(ctx context.Context, listed []types.Role) ([]roleRead, error) {
	reads := make([]roleRead, len(listed))
	for i, r := range listed {
		reads[i].role = r
	}
	errs := make([]error, 3*len(listed))
	concur.Each(len(errs), readConcurrency, func(slot int) error {
		rd := &reads[slot/3] // each slot writes its own field of it
		name := aws.ToString(rd.role.RoleName)
		switch slot % 3 {
		case 0:
			rd.tags, errs[slot] = k.tags(ctx, name)
		case 1:
			rd.managed, errs[slot] = k.attached(ctx, name)
		default:
			rd.inline, errs[slot] = k.inline(ctx, name)
		}
		return nil
	})
	var out []roleRead
	for i, rd := range reads {
		err := errors.Join(errs[3*i : 3*i+3]...)
		if gone(err) {
			continue // deleted since it was listed
		}
		if err != nil {
			return nil, err
		}
		out = append(out, rd)
	}
	return out, nil
}
