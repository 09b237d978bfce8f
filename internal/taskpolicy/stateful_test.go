package taskpolicy

import (
	"context"
	"errors"
	"maps"
	"testing"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// The reconciler's roles as the file expands them are never replaced,
// even with --allow-replace: a live role whose immutable name differs is
// refused and Delete is never called.
func TestReconcilerRolesAreNeverReplaced(t *testing.T) {
	env := load(t, "../../deploy/examples/self-hosted.yaml")
	resources, err := Resources(env)
	if err != nil {
		t.Fatal(err)
	}
	for _, addr := range []desired.Address{desired.AddrReconcilerRole, "cluster.role.reconciler-execution"} {
		t.Run(string(addr), func(t *testing.T) {
			var want desired.Resource
			for _, r := range resources {
				if r.Address == addr {
					want = r
				}
			}
			live := maps.Clone(want.Fields)
			live[names.Role.RoleName] = "renamed-by-hand"
			deletes := 0
			kind := reconcile.KindFns{
				ObserveFn: func(context.Context, desired.Identity) (map[desired.Address]reconcile.Live, error) {
					return map[desired.Address]reconcile.Live{addr: {Address: addr, ID: "renamed-by-hand", Fields: live, Ready: true}}, nil
				},
				DeleteFn: func(context.Context, reconcile.Live) error { deletes++; return nil },
			}
			e := reconcile.New(map[string]reconcile.Kind{names.KindRole: kind})
			res, err := e.Apply(t.Context(), env.Identity(), []desired.Resource{want}, reconcile.ApplyOptions{AllowReplace: true})
			if err != nil {
				t.Fatal(err)
			}
			if deletes != 0 || !errors.Is(res.Err(), reconcile.ErrRefused) {
				t.Errorf("%d deletes, error %v; want none and refused", deletes, res.Err())
			}
		})
	}
}
