// Package authz is devcloud's own table of what AWS authorizes for each
// operation: the IAM actions, the resources (ARNs) each is checked on, and
// the request-context keys (aws:RequestTag/…, aws:TagKeys,
// aws:ResourceTag/…, iam:PassedToService, ec2:CreateAction, …), written
// from each service's page of the Service Authorization Reference
// ("Actions, resources, and condition keys for …") and its tag-on-create
// and iam:PassRole documentation. It is deliberately independent of
// pkg/iampolicy, which generates the reconciler's policy: a mistake both
// made the same way would pass, so each is written from the reference
// alone, and a disagreement shows up as a denial under devcloud
// -enforce-iam.
//
// Where AWS authorizes a resource that does not exist yet (the VPC of a
// CreateVpc), the ARN is the type's with "*" for the ID ("vpc/*"), as AWS
// writes it in its authorization failures; an existing resource carries
// its tags as aws:ResourceTag/KEY.
package authz

import (
	"encoding/json"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// Check is one authorization AWS makes for a call: the action, on one
// resource, with the request context.
type Check struct {
	Action   string
	Resource string
	Context  map[string][]string
}

// State answers what a check needs from the fake's state.
type State interface {
	// Tags returns the tags of an existing resource; ok is false when
	// there is no such resource (it is being created, or the call will
	// fail on it anyway).
	Tags(arn string) (tags map[string]string, ok bool)
	// Find resolves what a request names indirectly (kind: "ec2:association",
	// "iam:role", "secretsmanager:secret", "ecs:taskdef"; see each
	// service's file); "" when not found.
	Find(kind, id string) string
}

// Call is one request as the table reads it.
type Call struct {
	Service, Action, Region string
	Form                    url.Values     // Query and EC2 Query protocols
	JSON                    map[string]any // JSON protocols
	State                   State
}

// NewCall reads req's parameters.
func NewCall(req *core.Request, st State) *Call {
	c := &Call{Service: req.Service, Action: req.Action, Region: req.Region, Form: req.Form, State: st}
	if req.Protocol == core.JSON && len(req.Body) > 0 {
		_ = json.Unmarshal(req.Body, &c.JSON) // a body that does not parse fails in its handler
	}
	return c
}

// rule lists the checks of one operation.
type rule func(c *Call) []Check

// tables are the services' tables, by signing name then operation.
var tables = map[string]map[string]rule{}

func register(service string, t map[string]rule) { tables[service] = t }

// Checks returns the checks of c's operation; known is false for an
// operation the table does not hold, which the caller must refuse to
// guess about.
func Checks(c *Call) (checks []Check, known bool) {
	r, ok := tables[c.Service][c.Action]
	if !ok {
		return nil, false
	}
	checks = r(c)
	if len(checks) == 0 && !(c.Service == "sts" && c.Action == "GetCallerIdentity") {
		// A request that names none of the resources its row reads (a
		// parameter missing, or named otherwise than the table expects) is
		// still authorized, on "*": never let it through unjudged.
		checks = []Check{anyResource(c.Service+":"+c.Action, ctx{})}
	}
	return checks, true
}

// Operations lists every "service:Operation" the table covers.
func Operations() []string {
	var out []string
	for svc, t := range tables {
		for op := range t {
			out = append(out, svc+":"+op)
		}
	}
	sort.Strings(out)
	return out
}

// arn builds an ARN in the call's region and the fake's account; global
// services (IAM) pass region "".
func (c *Call) arn(service, region, resource string) string {
	return "arn:aws:" + service + ":" + region + ":" + core.AccountID + ":" + resource
}

// str is a request parameter: a form value, or a top-level JSON string.
func (c *Call) str(name string) string {
	if c.JSON != nil {
		s, _ := c.JSON[name].(string)
		return s
	}
	return c.Form.Get(name)
}

// list is a list parameter: form members "NAME.N" / "NAME.member.N" in
// order, or a top-level JSON list of strings.
func (c *Call) list(name string) []string {
	if c.JSON != nil {
		var out []string
		l, _ := c.JSON[name].([]any)
		for _, v := range l {
			if s, ok := v.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	type item struct {
		n int
		v string
	}
	var items []item
	for k, vs := range c.Form {
		rest, ok := strings.CutPrefix(k, name+".")
		if !ok {
			continue
		}
		rest = strings.TrimPrefix(rest, "member.")
		if n, err := strconv.Atoi(rest); err == nil && len(vs) > 0 {
			items = append(items, item{n, vs[0]})
		}
	}
	sort.Slice(items, func(i, j int) bool { return items[i].n < items[j].n })
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.v
	}
	return out
}

// formTags reads Query-protocol tags "PREFIX.N.Key"/"PREFIX.N.Value"
// (PREFIX such as "Tags.member" or "TagSpecification.1.Tag").
func (c *Call) formTags(prefix string) map[string]string {
	out := map[string]string{}
	for k, vs := range c.Form {
		rest, ok := strings.CutPrefix(k, prefix+".")
		if !ok || !strings.HasSuffix(rest, ".Key") || len(vs) == 0 {
			continue
		}
		n := strings.TrimSuffix(rest, ".Key")
		if strings.Contains(n, ".") {
			continue
		}
		out[vs[0]] = c.Form.Get(prefix + "." + n + ".Value")
	}
	return out
}

// jsonTags reads JSON-protocol tags: a list of {keyName, valueName}
// objects under name (ECS "tags" with key/value, others "Tags" with
// Key/Value).
func (c *Call) jsonTags(name, keyName, valueName string) map[string]string {
	out := map[string]string{}
	l, _ := c.JSON[name].([]any)
	for _, e := range l {
		m, _ := e.(map[string]any)
		k, _ := m[keyName].(string)
		v, _ := m[valueName].(string)
		if k != "" {
			out[k] = v
		}
	}
	return out
}

// ctx is a request context under construction.
type ctx map[string][]string

// requestTags adds aws:RequestTag/KEY for each tag and aws:TagKeys.
func (x ctx) requestTags(tags map[string]string) ctx {
	if len(tags) == 0 {
		return x
	}
	keys := make([]string, 0, len(tags))
	for k, v := range tags {
		x["aws:RequestTag/"+k] = []string{v}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	x["aws:TagKeys"] = keys
	return x
}

// tagKeys adds aws:TagKeys for an untag call.
func (x ctx) tagKeys(keys []string) ctx {
	if len(keys) > 0 {
		x["aws:TagKeys"] = keys
	}
	return x
}

func (x ctx) with(key string, values ...string) ctx {
	x[key] = values
	return x
}

func (x ctx) clone() ctx {
	out := ctx{}
	for k, v := range x {
		out[k] = v
	}
	return out
}

// on is a check of action on an existing resource: the context, plus the
// resource's tags as aws:ResourceTag/KEY when it exists.
func (c *Call) on(action, arn string, x ctx) Check {
	cx := x.clone()
	if tags, ok := c.State.Tags(arn); ok {
		for k, v := range tags {
			cx["aws:ResourceTag/"+k] = []string{v}
		}
	}
	return Check{Action: action, Resource: arn, Context: cx}
}

// anyResource is a check of an action that supports no resource type:
// AWS authorizes it on "*".
func anyResource(action string, x ctx) Check {
	return Check{Action: action, Resource: "*", Context: x.clone()}
}

// star is the rule of an action on "*" with an empty context: the reads
// whose page lists no resource type.
func star(service string) rule {
	return func(c *Call) []Check { return []Check{anyResource(service+":"+c.Action, ctx{})} }
}

// passRole is iam:PassRole of a role (by ARN) to a service principal.
func (c *Call) passRole(roleARN, service string) Check {
	return c.on("iam:PassRole", roleARN, ctx{}.with("iam:PassedToService", service))
}

func itoa(i int) string { return strconv.Itoa(i) }

func sortedStrings(s []string) []string {
	sort.Strings(s)
	return s
}
