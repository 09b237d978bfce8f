package rds

import (
	"strings"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

var _ reconcile.Refuser = instanceKind{}

// Refuse says, while planning, what RDS would refuse of the change: a
// storage decrease, an engine downgrade or major upgrade. It asks the
// same rules Update applies before its ModifyDBInstance (storageChange,
// versionChange), so diff shows the refusal and apply never sends it.
func (k instanceKind) Refuse(want desired.Resource, live reconcile.Live, delta drift.Delta) string {
	c := kit.Change{Want: want, Live: live, Delta: delta}
	var reasons []string
	if _, err := storageChange(c); err != nil {
		reasons = append(reasons, err.Error())
	}
	if _, err := versionChange(c); err != nil {
		reasons = append(reasons, err.Error())
	}
	return strings.Join(reasons, "; ")
}
