package desired

import (
	"fmt"
	"regexp"
	"strings"
)

// validator collects every problem of a defaulted environment. Each rule
// names the path of the offending value; the path's recorded position (or
// that of its nearest written parent, for a defaulted value) is reported.
type validator struct {
	env   *Environment
	diags Diagnostics
}

func validate(e *Environment) Diagnostics {
	v := &validator{env: e}
	v.top()
	v.network()
	v.securityGroups()
	v.database()
	v.secrets()
	v.certificates()
	v.cluster()
	v.loadBalancer()
	v.services()
	v.tasks()
	v.temporal()
	v.everruns()
	v.exposure()
	v.reconciler()
	v.order()
	return v.diags
}

func (v *validator) add(sev Severity, path, format string, args ...any) {
	p := v.env.pos.at(path)
	v.diags = append(v.diags, Diagnostic{Severity: sev, File: v.env.file, Line: p.Line, Col: p.Col, Message: fmt.Sprintf(format, args...)})
}

func (v *validator) errorf(path, format string, args ...any) { v.add(Error, path, format, args...) }
func (v *validator) warnf(path, format string, args ...any)  { v.add(Warning, path, format, args...) }

// at finds where path, or its nearest parent, was written.
func (p positions) at(path string) Pos {
	for path != "" {
		if pos, ok := p[path]; ok {
			return pos
		}
		i := strings.LastIndexAny(path, ".[")
		if i < 0 {
			break
		}
		path = path[:i]
	}
	if pos, ok := p[""]; ok {
		return pos
	}
	return Pos{1, 1}
}

var envName = regexp.MustCompile(`^[a-z][a-z0-9-]{0,19}$`)

func (v *validator) top() {
	e := v.env
	switch {
	case e.Name == "":
		v.errorf("", "environment: required")
	case !envName.MatchString(e.Name) || strings.HasSuffix(e.Name, "-"):
		v.errorf("environment", "environment %q: use 1–20 lower-case letters, digits and hyphens, starting with a letter", e.Name)
	}
	if e.Region == "" {
		v.errorf("", "region: required")
	} else if _, ok := regionZones[e.Region]; !ok {
		v.errorf("region", "region %q is not an AWS region", e.Region)
	}
	for k, val := range e.Tags {
		path := "tags." + k
		if strings.HasPrefix(strings.ToLower(k), "aws:") || strings.HasPrefix(k, "everruns:") {
			v.errorf(path, "tag %q: the aws: and everruns: prefixes are reserved", k)
		}
		if len(k) > 128 || len(val) > 256 {
			v.errorf(path, "tag %q: keys are at most 128 characters, values at most 256", k)
		}
	}
	if b := e.Budget; b != nil && b.MonthlyUSD <= 0 {
		v.errorf("budget.monthly_usd", "budget.monthly_usd must be positive")
	}
	if u := e.Usage; u != nil {
		for name, x := range map[string]float64{"nat_gb_per_month": u.NATGBPerMonth, "log_gb_per_month": u.LogGBPerMonth, "alb_lcus": u.ALBLCUs, "secret_calls_per_month": u.SecretCallsPerMonth} {
			if x < 0 {
				v.errorf("usage."+name, "usage.%s must not be negative", name)
			}
		}
	}
}
