package adapters

import (
	"slices"

	"github.com/everruns/reconciler/internal/adapters/kit"
)

// OperationsFor lists the operations the adapters of kinds call, sorted,
// with their deletes when withDelete (a replacement: apply
// --allow-replace). A kind with no adapter contributes nothing: it is
// reported as unsupported and never acted on.
func OperationsFor(reg *kit.Registry, kinds []string, withDelete bool) []string {
	all := reg.Operations()
	var out []string
	for _, k := range kinds {
		out = append(out, all[k].All(withDelete)...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
