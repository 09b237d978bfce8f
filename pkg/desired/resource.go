package desired

import "strings"

// Address names one resource of the environment, stable across runs:
// dot-separated segments such as "network.subnet.private-a". The first
// segment is the tier ("network", "database", "secrets", …).
type Address string

// HasPrefix reports whether prefix names a, or a group of resources that
// contains a, on segment boundaries: "network" and "network.subnet" match
// "network.subnet.public-a"; "network.sub" does not.
func (a Address) HasPrefix(prefix string) bool {
	s := string(a)
	return s == prefix || strings.HasPrefix(s, prefix+".")
}

// Resource is one AWS resource that the file asks for, after defaults and
// expansion. Nothing in it touches AWS.
type Resource struct {
	Address   Address
	Kind      string // the adapter that manages it: "ec2.vpc", "ec2.subnet", …
	DependsOn []Address
	// Fields are the attributes the file manages, by path. Values are
	// string, int64, bool, Ref, Set, []any (ordered), map[string]any
	// (compared key by key: tags), or JSON (a document compared canonically).
	Fields map[string]any
	// Immutable lists the field paths that AWS cannot change in place, with
	// the reason shown to people: a change to one is a replacement.
	Immutable map[string]string
	// Stateful resources (a database, a secret) are never deleted or
	// replaced by the reconciler.
	Stateful bool
	// Sensitive marks field paths (top-level, as in Fields) whose values are
	// secrets: drift compares them but reports "(sensitive)" instead of the
	// values, so they never reach a log, a report or a metric.
	Sensitive map[string]bool
	// Policy says whether drift is repaired or only reported, and which
	// fields are not compared (the file's drift_policy).
	Policy Policy
}

// Ref is a value known only once another resource exists: the ID (Attr "")
// or a named attribute ("arn", "dns_name", …) of the resource at Address.
// The engine resolves refs from observed state before comparing or acting.
type Ref struct {
	Address Address
	Attr    string
}

// Set is an unordered collection (security-group rules, environment
// variables): two sets are equal when they hold the same elements.
// Elements are any of the field value types.
type Set []any

// JSON is a JSON document (an IAM policy): compared canonically, so key
// order and white space do not matter.
type JSON string

// Identity names the resources that belong to one environment of one
// project: adapters observe only resources tagged with both, so another
// project's "production" is never claimed.
type Identity struct {
	Project     string
	Environment string
}

// Identity is the identity of the environment's resources.
func (e *Environment) Identity() Identity {
	return Identity{Project: e.Project, Environment: e.Name}
}

// String is "project/environment", for messages.
func (i Identity) String() string { return i.Project + "/" + i.Environment }
