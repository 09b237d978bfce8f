package desired

import (
	"maps"
	"slices"
	"strings"

	"github.com/everruns/reconciler/pkg/desired/names"
)

// tagsField is the field every kind has; names.VPC.Tags and its siblings
// all spell it so.
var tagsField = names.VPC.Tags

// Resources expands the environment into the AWS resources it asks for,
// sorted by address. Call it only when loading returned no errors: it
// trusts the validation (every reference resolves).
func (e *Environment) Resources() []Resource {
	x := &expander{env: e}
	x.network()
	x.securityGroups()
	x.database()
	x.secrets()
	x.certificates()
	x.cluster()
	x.loadBalancer()
	x.services()
	x.tasks()
	x.reconciler()
	e.applyPolicies(x.out)
	slices.SortFunc(x.out, func(a, b Resource) int { return strings.Compare(string(a.Address), string(b.Address)) })
	return x.out
}

type expander struct {
	env *Environment
	out []Resource
}

// add appends a resource with its tags, so that no resource can be
// created without its identity tags. name is the Name tag.
func (x *expander) add(addr Address, kind, name string, fields map[string]any, deps []Address, immutable map[string]string) *Resource {
	fields[tagsField] = x.tags(addr, name)
	x.out = append(x.out, Resource{Address: addr, Kind: kind, DependsOn: deps, Fields: fields, Immutable: immutable})
	return &x.out[len(x.out)-1]
}

// tags are the managed tags of docs/resources.md: the file's tags, then the
// identity tags, which the file cannot override (validation refuses the
// everruns: prefix; the others are written last on purpose).
func (x *expander) tags(addr Address, name string) map[string]any {
	t := map[string]any{}
	for k, v := range x.env.Tags {
		t[k] = v
	}
	t[names.TagProject] = x.env.Project
	t[names.TagEnvironment] = x.env.Name
	t[names.TagAddress] = string(addr)
	t["ManagedBy"] = "everruns-reconciler"
	t["Project"] = x.env.Project
	t["Environment"] = x.env.Name
	t["Name"] = name
	return t
}

// nameFor is the Name tag of a network resource: everruns-<env>-<last
// address segment>, underscores as hyphens.
func (x *expander) nameFor(addr Address) string {
	s := string(addr)
	return "everruns-" + x.env.Name + "-" + strings.ReplaceAll(s[strings.LastIndex(s, ".")+1:], "_", "-")
}

func ref(a Address) Ref { return Ref{Address: a} }

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
