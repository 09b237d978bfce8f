package registry

import (
	"sort"

	"github.com/everruns/reconciler/pkg/desired"
)

// pin is one container to resolve.
type pin struct {
	owner   string          // the service's or task's key
	address desired.Address // its task definition
	image   string          // repository, without tag
	tag     string
	secret  string // Secrets Manager name of its registry credentials, or ""
}

// digestContainers lists the containers of digest policy, services then
// tasks, each by key (the expansion's addresses: <owner>.task_definition).
func digestContainers(env *desired.Environment) []pin {
	var out []pin
	for _, k := range sortedKeys(env.Services) {
		out = appendPin(out, env, "service", k, env.Services[k].Container)
	}
	for _, k := range sortedKeys(env.Tasks) {
		out = appendPin(out, env, "task", k, env.Tasks[k].Container)
	}
	return out
}

// tagContainers lists the containers of tag policy (the default), as
// digestContainers does.
func tagContainers(env *desired.Environment) []pin {
	var out []pin
	for _, k := range sortedKeys(env.Services) {
		out = appendPinOf(out, env, "service", k, env.Services[k].Container, false)
	}
	for _, k := range sortedKeys(env.Tasks) {
		out = appendPinOf(out, env, "task", k, env.Tasks[k].Container, false)
	}
	return out
}

func appendPin(out []pin, env *desired.Environment, tier, key string, c desired.Container) []pin {
	return appendPinOf(out, env, tier, key, c, true)
}

// appendPinOf appends c when its policy is digest (digest true) or tag.
func appendPinOf(out []pin, env *desired.Environment, tier, key string, c desired.Container, digest bool) []pin {
	if (c.ImagePolicy == desired.ImagePolicyDigest) != digest {
		return out
	}
	p := pin{owner: key, address: desired.Address(tier + "." + key + ".task_definition"), image: c.Image, tag: c.Tag}
	if c.RegistryCredentials != "" {
		if s, ok := env.Secrets[c.RegistryCredentials]; ok {
			p.secret = s.Name
		}
	}
	return append(out, p)
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
