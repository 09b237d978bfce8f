// Package names is the one home of the words that the file's expansion
// (pkg/desired) and the adapters (internal/adapters) must spell alike: kind
// names, field names and identity tags. A field is read as
// names.Subnet.MapPublicIPOnLaunch, so a misspelt field does not compile,
// and a misspelt tag in the tables below fails TestNames.
//
// Field names are typed per kind (a struct of strings filled from its
// `field` tags) rather than one flat list of constants, because the same
// word ("name", "tags") belongs to many kinds, and a per-kind struct also
// lists the fields a kind has: Fields(kind) is what tests check expansion
// and observation against.
package names

import (
	"reflect"
	"slices"
)

// Identity tags: a resource belongs to one project's environment, and to
// one address, because it carries all three (docs/architecture.md,
// "Identity").
const (
	TagProject     = "everruns:project"
	TagEnvironment = "everruns:environment"
	TagAddress     = "everruns:address"
)

// fields returns a value of the struct type T whose string fields hold
// their `field` tags.
func fields[T any]() T {
	var v T
	rv := reflect.ValueOf(&v).Elem()
	for i := range rv.NumField() {
		rv.Field(i).SetString(rv.Type().Field(i).Tag.Get("field"))
	}
	return v
}

// kinds maps every kind to its field struct; filled by the files named
// for each AWS service (ec2.go holds ec2.*, ecs.go holds ecs.*, …).
var kinds = map[string]any{}

func kind[T any](name string) T {
	v := fields[T]()
	if _, dup := kinds[name]; dup {
		panic("names: kind declared twice: " + name)
	}
	kinds[name] = v
	return v
}

// Kinds lists every kind, sorted.
func Kinds() []string {
	out := make([]string, 0, len(kinds))
	for k := range kinds {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Fields lists the top-level field names of kind, sorted; nil for a kind
// that is not declared.
func Fields(kind string) []string {
	v, ok := kinds[kind]
	if !ok {
		return nil
	}
	rv := reflect.ValueOf(v)
	out := make([]string, 0, rv.NumField())
	for i := range rv.NumField() {
		out = append(out, rv.Field(i).String())
	}
	slices.Sort(out)
	return out
}
