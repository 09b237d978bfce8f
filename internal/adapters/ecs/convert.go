package ecs

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/everruns/reconciler/pkg/desired"
)

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

func anyStrings(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// units reads a task size as AWS may return it: "512", "1 vCPU", "2 GB"
// (ecspresso's toNumberCPU/toNumberMemory): both are 1024 per unit.
func units(s string) int64 {
	s = strings.TrimSpace(s)
	for _, suffix := range []string{"vcpu", "gb"} {
		if i := strings.Index(strings.ToLower(s), suffix); i > 0 {
			f, err := strconv.ParseFloat(strings.TrimSpace(s[:i]), 64)
			if err != nil {
				return 0
			}
			return int64(f * 1024)
		}
	}
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

func str(m map[string]any, k string) string {
	s, _ := m[k].(string)
	return s
}

func integer(m map[string]any, k string) int64 {
	switch v := m[k].(type) {
	case int64:
		return v
	case int:
		return int64(v)
	case float64:
		return int64(v)
	}
	return 0
}

func boolean(m map[string]any, k string) bool {
	b, _ := m[k].(bool)
	return b
}

func sub(m map[string]any, k string) map[string]any {
	v, _ := m[k].(map[string]any)
	return v
}

func list(m map[string]any, k string) []any {
	switch v := m[k].(type) {
	case []any:
		return v
	case desired.Set:
		return v
	case []string:
		return anyStrings(v)
	}
	return nil
}

func strs(m map[string]any, k string) []string {
	var out []string
	for _, e := range list(m, k) {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
