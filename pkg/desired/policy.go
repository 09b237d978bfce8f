package desired

import (
	"fmt"
	"slices"
	"strings"
)

// DriftMode says what the engine does about one resource's drift.
type DriftMode string

const (
	// DriftRepair, the default, changes AWS back to the file.
	DriftRepair DriftMode = "repair"
	// DriftReport only reports the drift (alert-only): the engine makes
	// no call that would change the resource. A resource that does not
	// exist is still created: that is the file's declaration, not drift.
	DriftReport DriftMode = "report"
)

// Policy is what the engine may do about one resource, from the file's
// drift_policy section.
type Policy struct {
	// Drift is DriftRepair ("" too) or DriftReport.
	Drift DriftMode
	// Ignore lists top-level fields (as in Fields) that another system
	// owns: they are not compared, so never reported nor changed. They
	// are still written when the resource is created.
	Ignore []string
}

// ReportOnly says whether the resource's drift is reported, not repaired.
func (p Policy) ReportOnly() bool { return p.Drift == DriftReport }

// Ignores says whether path (a field, or a key of a map field such as
// "tags.Team") is under an ignored field.
func (p Policy) Ignores(path string) bool {
	for _, f := range p.Ignore {
		if path == f || strings.HasPrefix(path, f+".") {
			return true
		}
	}
	return false
}

// DriftRule is the policy of the resources under one address prefix in the
// file's drift_policy section.
type DriftRule struct {
	// "repair" (the default: drift is changed back) or "report" (drift
	// is reported, alert-only, and never repaired).
	Drift string `yaml:"drift,omitempty" json:"drift,omitempty"`
	// Fields another system owns, not compared (so neither reported nor
	// changed), e.g. [desired_count] for a service under Application
	// Auto Scaling. Names are the top-level fields `diff` shows; each must
	// be a field of at least one resource under the prefix.
	Ignore []string `yaml:"ignore,omitempty" json:"ignore,omitempty"`
}

// applyPolicies sets each resource's Policy from the drift_policy rules
// whose prefix names it: the most specific rule's drift mode wins, and the
// ignored fields of every rule that names it add up.
func (e *Environment) applyPolicies(rs []Resource) {
	if len(e.DriftPolicy) == 0 {
		return
	}
	prefixes := sortedKeys(e.DriftPolicy)
	// Shorter (less specific) first, so that a longer prefix's mode wins.
	slices.SortStableFunc(prefixes, func(a, b string) int { return strings.Count(a, ".") - strings.Count(b, ".") })
	for i := range rs {
		p := Policy{}
		for _, pre := range prefixes {
			if !rs[i].Address.HasPrefix(pre) {
				continue
			}
			rule := e.DriftPolicy[pre]
			if rule.Drift != "" {
				p.Drift = DriftMode(rule.Drift)
			}
			for _, f := range rule.Ignore {
				if _, ok := rs[i].Fields[f]; ok && !slices.Contains(p.Ignore, f) {
					p.Ignore = append(p.Ignore, f)
				}
			}
		}
		slices.Sort(p.Ignore)
		rs[i].Policy = p
	}
}

// checkPolicies checks the drift_policy section against the expansion:
// every prefix names at least one resource, and every ignored field is a
// field of one of them. It runs once the rest of the file is valid, since
// expanding trusts the validation.
func (e *Environment) checkPolicies() Diagnostics {
	v := &validator{env: e}
	if len(e.DriftPolicy) == 0 {
		return nil
	}
	rs := e.Resources()
	for _, pre := range sortedKeys(e.DriftPolicy) {
		rule, path := e.DriftPolicy[pre], "drift_policy."+pre
		if rule.Drift != "" && rule.Drift != string(DriftRepair) && rule.Drift != string(DriftReport) {
			v.errorf(path+".drift", "drift %q: use repair (the default) or report", rule.Drift)
		}
		fields := map[string]bool{}
		for _, r := range rs {
			if r.Address.HasPrefix(pre) {
				for f := range r.Fields {
					fields[f] = true
				}
			}
		}
		if len(fields) == 0 {
			v.errorf(path, "drift_policy %q names no resource; use an address or a prefix of addresses such as service.api or network (docs/resources.md)", pre)
			continue
		}
		for i, f := range rule.Ignore {
			if !fields[f] {
				v.errorf(fmt.Sprintf("%s.ignore[%d]", path, i), "ignore %q is not a field of any resource under %s (fields: %s)", f, pre, strings.Join(sortedKeys(fields), ", "))
			}
		}
	}
	return v.diags
}
