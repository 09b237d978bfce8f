package ecs

import (
	"maps"
	"slices"
	"strconv"
	"strings"
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
