package desired

import "slices"

// workload is a service or a task seen through what they share, for the
// rules that look across the whole file.
type workload struct {
	key   string // key under services: or tasks:
	base  string // "services.api", "tasks.migrate"
	c     Container
	after []string
	svc   *Service // nil for a task
}

// workloads lists the services, then the tasks, each in key order, so that
// diagnostics come out in a stable order.
func (v *validator) workloads() []workload {
	var out []workload
	for _, k := range sortedKeys(v.env.Services) {
		s := v.env.Services[k]
		out = append(out, workload{key: k, base: "services." + k, c: s.Container, after: s.After, svc: &s})
	}
	for _, k := range sortedKeys(v.env.Tasks) {
		t := v.env.Tasks[k]
		out = append(out, workload{key: k, base: "tasks." + k, c: t.Container, after: t.After})
	}
	return out
}

// comesAfter reports whether before is reachable from key through after:
// lists, directly or through others (the engine orders them so).
func (v *validator) comesAfter(key, before string) bool {
	seen := map[string]bool{}
	queue := []string{key}
	for len(queue) > 0 {
		k := queue[0]
		queue = queue[1:]
		var after []string
		if s, ok := v.env.Services[k]; ok {
			after = s.After
		} else if t, ok := v.env.Tasks[k]; ok {
			after = t.After
		}
		if slices.Contains(after, before) {
			return true
		}
		for _, a := range after {
			if !seen[a] {
				seen[a] = true
				queue = append(queue, a)
			}
		}
	}
	return false
}
