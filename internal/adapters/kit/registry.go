package kit

import (
	"fmt"
	"maps"

	"github.com/everruns/reconciler/pkg/reconcile"
)

// Registry holds every adapter by kind and every service's error table:
// the one place the reconciler's adapters are wired.
type Registry struct {
	kinds  map[string]reconcile.Kind
	tables map[string]ErrorTable
	ops    map[string]Operations
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{kinds: map[string]reconcile.Kind{}, tables: map[string]ErrorTable{}, ops: map[string]Operations{}}
}

// Add registers the adapter of kind. A kind registered twice is a wiring
// bug: which adapter would act is then an accident of order.
func (r *Registry) Add(kind string, k reconcile.Kind) error {
	if _, dup := r.kinds[kind]; dup {
		return fmt.Errorf("adapter for kind %s registered twice", kind)
	}
	r.kinds[kind] = k
	return nil
}

// AddErrors registers a service's error table, once per service.
func (r *Registry) AddErrors(t ErrorTable) error {
	if _, dup := r.tables[t.Service]; dup {
		return fmt.Errorf("error table for service %s registered twice", t.Service)
	}
	r.tables[t.Service] = t
	return nil
}

// Kinds returns the adapters by kind (a copy).
func (r *Registry) Kinds() map[string]reconcile.Kind { return maps.Clone(r.kinds) }

// Classifier classifies errors with every registered table.
func (r *Registry) Classifier() Classifier {
	c := Classifier{tables: maps.Clone(r.tables)}
	return c
}
