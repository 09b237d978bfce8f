package desired

import "slices"

// order checks that after: names services or tasks and has no cycle (which
// would leave the engine nothing to start with).
func (v *validator) order() {
	after := map[string][]string{}
	for k, s := range v.env.Services {
		after[k] = s.After
		v.afterRefs("services."+k+".after", k, s.After)
	}
	for k, t := range v.env.Tasks {
		after[k] = t.After
		v.afterRefs("tasks."+k+".after", k, t.After)
	}
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(string) bool
	visit = func(n string) bool {
		switch state[n] {
		case 1:
			return false
		case 2:
			return true
		}
		state[n] = 1
		for _, m := range after[n] {
			if _, ok := after[m]; ok && !visit(m) {
				return false
			}
		}
		state[n] = 2
		return true
	}
	names := make([]string, 0, len(after))
	for n := range after {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if state[n] == 0 && !visit(n) {
			v.errorf(v.afterPath(n), "after: %q is part of a cycle", n)
			return
		}
	}
}

func (v *validator) afterRefs(path, self string, names []string) {
	for i, n := range names {
		_, svc := v.env.Services[n]
		_, task := v.env.Tasks[n]
		switch {
		case n == self:
			v.errorf(path+"["+itoa(i)+"]", "%q cannot come after itself", n)
		case !svc && !task:
			v.errorf(path+"["+itoa(i)+"]", "%q is neither a service nor a task", n)
		}
	}
}

func (v *validator) afterPath(n string) string {
	if _, ok := v.env.Services[n]; ok {
		return "services." + n + ".after"
	}
	return "tasks." + n + ".after"
}
