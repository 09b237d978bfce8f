package ec2

import (
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go/service/ec2"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// fields maps a filter name of one Describe operation to the values a
// resource has for it. The tag filters (tag:KEY, tag-key, tag-value) are
// common to every resource and handled by match.
type fields[T any] map[string]func(T) []string

// matcher is a compiled set of filters: several filters must all match
// (AND), the values of one filter are alternatives (OR), and a value may use
// the wildcards * and ? (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Query-Requests.html#query-filtering).
type matcher[T any] struct {
	tests []func(x T, tags map[string]string) bool
}

// compile checks every filter name before any resource is looked at: AWS
// rejects an unknown filter even when nothing would match it.
func compile[T any](fs fields[T], filters []*ec2.Filter) (*matcher[T], error) {
	m := &matcher[T]{}
	for _, f := range filters {
		name := deref(f.Name)
		var pats []*regexp.Regexp
		for _, v := range f.Values {
			pats = append(pats, glob(deref(v)))
		}
		anyOf := func(vals []string) bool {
			for _, v := range vals {
				for _, p := range pats {
					if p.MatchString(v) {
						return true
					}
				}
			}
			return false
		}
		switch {
		case strings.HasPrefix(name, "tag:"):
			key := strings.TrimPrefix(name, "tag:")
			m.tests = append(m.tests, func(_ T, tags map[string]string) bool {
				v, ok := tags[key]
				return ok && anyOf([]string{v})
			})
		case name == "tag-key" || name == "tag-value":
			keys := name == "tag-key"
			m.tests = append(m.tests, func(_ T, tags map[string]string) bool {
				var vals []string
				for k, v := range tags {
					if keys {
						vals = append(vals, k)
					} else {
						vals = append(vals, v)
					}
				}
				return anyOf(vals)
			})
		default:
			get, ok := fs[name]
			if !ok {
				return nil, core.BadRequest("InvalidParameterValue", "The filter '%s' is invalid", name)
			}
			m.tests = append(m.tests, func(x T, _ map[string]string) bool { return anyOf(get(x)) })
		}
	}
	return m, nil
}

func (m *matcher[T]) match(x T, tags map[string]string) bool {
	for _, t := range m.tests {
		if !t(x, tags) {
			return false
		}
	}
	return true
}

// glob turns a filter value into an anchored regular expression: * is any
// run of characters, ? any one character, and \ escapes either of them.
func glob(p string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == '\\' && i+1 < len(p) && (p[i+1] == '*' || p[i+1] == '?' || p[i+1] == '\\'):
			b.WriteString(regexp.QuoteMeta(p[i+1 : i+2]))
			i++
		case c == '*':
			b.WriteString(".*")
		case c == '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(p[i : i+1]))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// one wraps a single value for a fields table.
func one(s string) []string { return []string{s} }

// deref dereferences an optional string.
func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
