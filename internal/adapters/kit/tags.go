package kit

import (
	"maps"
	"strings"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
)

// Tags returns r's tags with the identity tags forced in: a resource must
// never be created without what the next Observe finds it by.
func Tags(id desired.Identity, r desired.Resource) (map[string]string, error) {
	out := map[string]string{}
	if raw, ok := r.Fields[names.VPC.Tags]; ok && raw != nil {
		m, ok := raw.(map[string]any)
		if !ok {
			return nil, BadInput("field tags: want a map, got %T", raw)
		}
		for k, v := range m {
			s, ok := v.(string)
			if !ok {
				return nil, BadInput("tag %q: want a string, got %T", k, v)
			}
			out[k] = s
		}
	}
	out[names.TagProject] = id.Project
	out[names.TagEnvironment] = id.Environment
	out[names.TagAddress] = string(r.Address)
	return out, nil
}

// Observed is the tags field as Observe reports it: every tag except AWS's
// own (aws:…), which nobody can set or remove, and the created-at tag,
// which is bookkeeping (see TagCreatedAt).
func Observed(tags map[string]string) map[string]any {
	out := make(map[string]any, len(tags))
	for k, v := range tags {
		if !strings.HasPrefix(k, "aws:") && k != TagCreatedAt {
			out[k] = v
		}
	}
	return out
}

// Claim returns the address a resource claims through its tags, when it
// belongs to the identity's project and environment both; "" otherwise.
func Claim(id desired.Identity, tags map[string]string) desired.Address {
	if tags[names.TagProject] != id.Project || tags[names.TagEnvironment] != id.Environment {
		return ""
	}
	return desired.Address(tags[names.TagAddress])
}

// TagChange is what to write and what to remove so that the live tags
// become r's, read from the drift: identity tags and aws: tags are never
// removed.
func TagChange(d drift.Delta) (put map[string]string, remove []string) {
	want, gone := d.MapChange(names.VPC.Tags)
	put = make(map[string]string, len(want))
	for k, v := range want {
		if s, ok := v.(string); ok {
			put[k] = s
		}
	}
	for _, k := range gone {
		if !protected(k) {
			remove = append(remove, k)
		}
	}
	return put, remove
}

func protected(key string) bool {
	return strings.HasPrefix(key, "aws:") || key == names.TagProject || key == names.TagEnvironment || key == names.TagAddress ||
		key == TagCreatedAt
}

// ObservedOf turns the tags written at create into the observed form, so
// Create can answer what an Observe would.
func ObservedOf(tags map[string]string) map[string]any {
	return Observed(maps.Clone(tags))
}
