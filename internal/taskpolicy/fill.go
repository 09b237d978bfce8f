package taskpolicy

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/iampolicy"
)

// inlineLimit is IAM's limit on the inline policies of one role,
// whitespace not counted (IAM and STS quotas, "Role policy size").
const inlineLimit = 10240

// Resources is env's expansion with every generated policy in place: what
// the command line and the daemon hand to the engine. The daemon's
// policy is generated as the daemon runs, never replacing anything (no
// deletes), for the account it runs in.
func Resources(env *desired.Environment) ([]desired.Resource, error) {
	resources := env.Resources()
	for i, r := range resources {
		if r.Kind != names.KindRole {
			continue
		}
		inline, _ := r.Fields[names.Role.InlinePolicies].(map[string]any)
		for name, v := range inline {
			g, ok := v.(desired.GeneratedPolicy)
			if !ok {
				continue
			}
			doc, err := document(env, resources, g)
			if err != nil {
				return nil, fmt.Errorf("generate the policy of %s: %w", r.Address, err)
			}
			filled := copyMap(inline)
			filled[name] = doc
			resources[i].Fields = copyMap(r.Fields)
			resources[i].Fields[names.Role.InlinePolicies] = filled
		}
	}
	return resources, nil
}

// document is the generated policy in iampolicy's canonical form, the
// form the IAM adapter reports live documents in.
func document(env *desired.Environment, resources []desired.Resource, g desired.GeneratedPolicy) (desired.JSON, error) {
	doc, err := For(env, resources, Options{LeaseTable: g.LeaseTable})
	if err != nil {
		return "", err
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return "", err
	}
	c, err := iampolicy.Canonical(string(b))
	if err != nil {
		return "", err
	}
	if n := size(c); n > inlineLimit {
		return "", fmt.Errorf("the policy is %d characters, over IAM's %d for a role's inline policies", n, inlineLimit)
	}
	return desired.JSON(c), nil
}

func size(doc string) int {
	return len(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, doc))
}

func copyMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
