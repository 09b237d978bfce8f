// Package iameval evaluates identity-based IAM policies as AWS documents
// it ("Policy evaluation logic", "IAM JSON policy elements: Condition
// operators", "Single-valued vs. multivalued context keys"): an explicit
// Deny in any statement wins, else an Allow, else the request is denied
// implicitly. It is devcloud's evaluator, written from those pages and
// independent of pkg/iampolicy, which generates the policies it judges.
//
// Not modelled: resource-based policies, permissions boundaries, SCPs and
// session policies (devcloud has none), policy variables (${aws:username}),
// and the numeric, date and IP operators (no policy of ours uses them: a
// statement using an unknown operator never matches, so it cannot allow).
package iameval

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Decision is the outcome of an evaluation, named as
// iam:SimulatePrincipalPolicy's EvalDecision names it.
type Decision string

const (
	Allowed      Decision = "allowed"
	ImplicitDeny Decision = "implicitDeny"
	ExplicitDeny Decision = "explicitDeny"
)

// Request is one authorization: an action on one resource with the
// request context. Context keys are matched case-insensitively, as IAM
// matches condition key names; a key absent from Context is absent from
// the request (not an empty value).
type Request struct {
	Action   string // "ec2:CreateVpc"
	Resource string // an ARN, or "*" for an action that supports no resource type
	Context  map[string][]string
}

// Policy is one parsed policy document.
type Policy struct {
	Statements []Statement
}

// Statement is one parsed statement.
type Statement struct {
	Sid         string
	Effect      string
	Action      []string
	NotAction   []string
	Resource    []string
	NotResource []string
	// Condition: operator → key → values (booleans and numbers as text).
	Condition map[string]map[string][]string
}

// Parse reads a policy document: Statement an object or a list; Action,
// Resource and their Not forms a string or a list; condition values a
// string, a boolean, a number or a list of them.
func Parse(doc string) (Policy, error) {
	var raw struct {
		Statement json.RawMessage
	}
	if err := json.Unmarshal([]byte(doc), &raw); err != nil {
		return Policy{}, fmt.Errorf("policy document: %w", err)
	}
	var list []json.RawMessage
	if err := json.Unmarshal(raw.Statement, &list); err != nil {
		list = []json.RawMessage{raw.Statement}
	}
	var p Policy
	for i, r := range list {
		st, err := parseStatement(r)
		if err != nil {
			return Policy{}, fmt.Errorf("statement %d: %w", i, err)
		}
		p.Statements = append(p.Statements, st)
	}
	return p, nil
}

func parseStatement(b json.RawMessage) (Statement, error) {
	var raw struct {
		Sid                                      string
		Effect                                   string
		Action, NotAction, Resource, NotResource values
		Condition                                map[string]map[string]values
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return Statement{}, err
	}
	if raw.Effect != "Allow" && raw.Effect != "Deny" {
		return Statement{}, fmt.Errorf("effect %q is neither Allow nor Deny", raw.Effect)
	}
	st := Statement{Sid: raw.Sid, Effect: raw.Effect, Action: raw.Action, NotAction: raw.NotAction,
		Resource: raw.Resource, NotResource: raw.NotResource}
	if len(raw.Condition) > 0 {
		st.Condition = map[string]map[string][]string{}
		for op, keys := range raw.Condition {
			st.Condition[op] = map[string][]string{}
			for k, v := range keys {
				st.Condition[op][k] = v
			}
		}
	}
	return st, nil
}

// values is a JSON string, boolean, number, or list of them, as text.
type values []string

func (v *values) UnmarshalJSON(b []byte) error {
	var list []any
	if err := json.Unmarshal(b, &list); err != nil {
		var one any
		if err := json.Unmarshal(b, &one); err != nil {
			return err
		}
		list = []any{one}
	}
	for _, e := range list {
		switch x := e.(type) {
		case string:
			*v = append(*v, x)
		case bool, float64:
			*v = append(*v, fmt.Sprint(x))
		default:
			return fmt.Errorf("value %v is not a string, boolean or number", e)
		}
	}
	return nil
}

// Evaluate decides req against every policy of a principal.
func Evaluate(policies []Policy, req Request) Decision {
	d, _ := Explain(policies, req)
	return d
}

// Match names one statement: the index of its policy in the list given
// to Explain and its index in that policy.
type Match struct{ Policy, Statement int }

// Explain is Evaluate that also returns the statements that decided: the
// denying ones for an explicit deny, the allowing ones for an allow.
func Explain(policies []Policy, req Request) (Decision, []Match) {
	ctx := lowerKeys(req.Context)
	var allows, denies []Match
	for i, p := range policies {
		for j, st := range p.Statements {
			if !st.matches(req, ctx) {
				continue
			}
			if st.Effect == "Deny" {
				denies = append(denies, Match{i, j})
			} else {
				allows = append(allows, Match{i, j})
			}
		}
	}
	switch {
	case len(denies) > 0:
		return ExplicitDeny, denies
	case len(allows) > 0:
		return Allowed, allows
	}
	return ImplicitDeny, nil
}

// MissingContext lists the condition keys that statements applying to
// req's action and resource test but req's context lacks, sorted, as
// iam:SimulatePrincipalPolicy reports them (MissingContextValues): a
// decision made without them may change once they are given.
func MissingContext(policies []Policy, req Request) []string {
	ctx := lowerKeys(req.Context)
	seen := map[string]bool{}
	var out []string
	for _, p := range policies {
		for _, st := range p.Statements {
			probe := st
			probe.Condition = nil
			if !probe.matches(req, ctx) {
				continue
			}
			for _, keys := range st.Condition {
				for k := range keys {
					if _, ok := ctx[strings.ToLower(k)]; !ok && !seen[strings.ToLower(k)] {
						seen[strings.ToLower(k)] = true
						out = append(out, k)
					}
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

func lowerKeys(m map[string][]string) map[string][]string {
	out := make(map[string][]string, len(m))
	for k, v := range m {
		out[strings.ToLower(k)] = v
	}
	return out
}

// matches says whether the statement applies to req: its action, its
// resource and every condition.
func (st Statement) matches(req Request, ctx map[string][]string) bool {
	switch {
	case st.Action != nil && !anyMatch(st.Action, req.Action, matchAction):
		return false
	case st.NotAction != nil && anyMatch(st.NotAction, req.Action, matchAction):
		return false
	case st.Action == nil && st.NotAction == nil:
		return false
	case st.Resource != nil && !anyMatch(st.Resource, req.Resource, matchARN):
		return false
	case st.NotResource != nil && anyMatch(st.NotResource, req.Resource, matchARN):
		return false
	case st.Resource == nil && st.NotResource == nil:
		return false
	}
	for op, keys := range st.Condition {
		for key, want := range keys {
			if !condition(op, want, ctx[strings.ToLower(key)], hasKey(ctx, key)) {
				return false
			}
		}
	}
	return true
}

func hasKey(ctx map[string][]string, key string) bool {
	_, ok := ctx[strings.ToLower(key)]
	return ok
}

func anyMatch(patterns []string, s string, match func(pattern, s string) bool) bool {
	for _, p := range patterns {
		if match(p, s) {
			return true
		}
	}
	return false
}

// matchAction: "service:Name" with * and ?, case-insensitive.
func matchAction(pattern, action string) bool {
	return glob(strings.ToLower(pattern), strings.ToLower(action))
}

// matchARN is the Resource element's and ArnLike's match: "*" matches
// everything; otherwise each of the six colon-separated parts of the ARN
// is matched on its own (the last holds the rest, colons included), with
// * and ?, case-sensitively.
func matchARN(pattern, arn string) bool {
	if pattern == "*" {
		return true
	}
	p, a := strings.SplitN(pattern, ":", 6), strings.SplitN(arn, ":", 6)
	if len(p) != 6 || len(a) != 6 {
		return glob(pattern, arn)
	}
	for i := range p {
		if !glob(p[i], a[i]) {
			return false
		}
	}
	return true
}

// glob matches s against pattern, where * is any run of characters
// (none included) and ? exactly one.
func glob(pattern, s string) bool {
	px, sx := 0, 0
	starP, starS := -1, 0
	for sx < len(s) {
		switch {
		case px < len(pattern) && (pattern[px] == '?' || pattern[px] == s[sx]):
			px++
			sx++
		case px < len(pattern) && pattern[px] == '*':
			starP, starS = px, sx
			px++
		case starP >= 0:
			px = starP + 1
			starS++
			sx = starS
		default:
			return false
		}
	}
	for px < len(pattern) && pattern[px] == '*' {
		px++
	}
	return px == len(pattern)
}
