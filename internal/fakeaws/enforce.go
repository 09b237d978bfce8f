package fakeaws

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/everruns/reconciler/internal/fakeaws/authz"
	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/internal/fakeaws/iameval"
)

// WithEnforceIAM has the fake judge every call signed with credentials of
// an STS AssumeRole session against the role's identity policies, as AWS
// does: each check of the operation (authz's table) must be allowed. Any
// other credentials are the account's root, allowed everything.
func WithEnforceIAM() Option { return func(cfg *config) { cfg.enforceIAM = true } }

// Denial is one refused call, as GET /_devcloud/iam/denials lists it.
type Denial struct {
	Principal string   `json:"principal"` // the assumed-role ARN
	Operation string   `json:"operation"` // "ec2:CreateVpc", the call
	Action    string   `json:"action"`    // the IAM action refused
	Resources []string `json:"resources"` // every resource it was refused on
	Decision  string   `json:"decision"`  // implicitDeny or explicitDeny
}

type denialLog struct {
	mu   sync.Mutex
	list []Denial
}

// Denials lists every refused call since the start or ResetDenials.
func (s *Server) Denials() []Denial {
	s.denials.mu.Lock()
	defer s.denials.mu.Unlock()
	return slices.Clone(s.denials.list)
}

// ResetDenials empties the denial log.
func (s *Server) ResetDenials() {
	s.denials.mu.Lock()
	s.denials.list = nil
	s.denials.mu.Unlock()
}

// policyCache keeps each policy document parsed, by its text: every
// enforced call is judged against its role's documents, which change only
// by being replaced, and parsing them at every call was most of the cost
// of enforcement.
type policyCache struct{ m sync.Map } // document → parsed

func (c *policyCache) parse(doc string) (iameval.Policy, error) {
	if p, ok := c.m.Load(doc); ok {
		return p.(iameval.Policy), nil
	}
	p, err := iameval.Parse(doc)
	if err != nil {
		return p, err
	}
	c.m.Store(doc, p)
	return p, nil
}

// authorize judges req when enforcement is on and req is signed by a role
// session; it returns the error to answer with, or nil to serve it.
func (s *Server) authorize(req *core.Request) *core.Error {
	if !s.enforceIAM || s.env.Dir.Session == nil {
		return nil
	}
	sess, ok := s.env.Dir.Session(req.AccessKey)
	if !ok {
		return nil // the account's root
	}
	var policies []iameval.Policy
	if s.env.Dir.Role != nil {
		if role, ok := s.env.Dir.Role(sess.RoleARN); ok {
			for _, d := range role.Policies {
				if p, err := s.policies.parse(d); err == nil {
					policies = append(policies, p)
				}
			}
		}
	}
	checks, known := authz.Checks(authz.NewCall(req, fakeState{s, req.Region}))
	op := req.Service + ":" + req.Action
	if !known {
		// An operation devcloud's table does not hold is refused, so that
		// a new call cannot pass unjudged.
		return s.deny(req, sess, Denial{Operation: op, Action: op, Resources: []string{"(no entry in devcloud's authorization table)"}, Decision: string(iameval.ImplicitDeny)})
	}
	global := map[string][]string{
		"aws:PrincipalArn":     {sess.RoleARN},
		"aws:PrincipalAccount": {core.AccountID},
		"aws:PrincipalType":    {"AssumedRole"},
		"aws:userid":           {sess.RoleID + ":" + sess.SessionName},
		"aws:SecureTransport":  {"true"},
	}
	if req.Service != "iam" && req.Service != "sts" {
		global["aws:RequestedRegion"] = []string{req.Region}
	}
	var refused *Denial
	for _, c := range checks {
		cx := make(map[string][]string, len(c.Context)+len(global))
		for k, v := range global {
			cx[k] = v
		}
		for k, v := range c.Context {
			cx[k] = v
		}
		d := iameval.Evaluate(policies, iameval.Request{Action: c.Action, Resource: c.Resource, Context: cx})
		if d == iameval.Allowed {
			continue
		}
		switch {
		case refused == nil:
			refused = &Denial{Operation: op, Action: c.Action, Resources: []string{c.Resource}, Decision: string(d)}
		case refused.Action == c.Action && !slices.Contains(refused.Resources, c.Resource):
			refused.Resources = append(refused.Resources, c.Resource)
			if d == iameval.ExplicitDeny {
				refused.Decision = string(d)
			}
		}
	}
	if refused == nil {
		return nil
	}
	return s.deny(req, sess, *refused)
}

// deny logs d and builds the service's own answer to it: EC2's
// UnauthorizedOperation, AccessDeniedException for the JSON services, and
// AccessDenied for the Query services (IAM, STS, RDS, ELBv2), with AWS's
// message.
func (s *Server) deny(req *core.Request, sess core.Session, d Denial) *core.Error {
	d.Principal = sess.AssumedRoleARN
	s.denials.mu.Lock()
	s.denials.list = append(s.denials.list, d)
	s.denials.mu.Unlock()
	why := "because no identity-based policy allows the " + d.Action + " action"
	if d.Decision == string(iameval.ExplicitDeny) {
		why = "with an explicit deny in an identity-based policy"
	}
	msg := "User: " + sess.AssumedRoleARN + " is not authorized to perform: " + d.Action + " on resource: " + d.Resources[0] + " " + why
	switch req.Protocol {
	case core.EC2Query:
		return core.Errorf(http.StatusForbidden, "UnauthorizedOperation", "You are not authorized to perform this operation. %s", msg)
	case core.JSON:
		return core.Errorf(http.StatusBadRequest, "AccessDeniedException", "%s", msg)
	}
	return core.Errorf(http.StatusForbidden, "AccessDenied", "%s", msg)
}

// fakeState answers authz's questions by calling the fake's own handlers,
// as the account's root, uncounted.
type fakeState struct {
	s      *Server
	region string
}

func (f fakeState) call(service, action, region string, form url.Values, body map[string]any) map[string]any {
	svc, ok := f.s.services[service]
	h := f.s.handlers[service][action]
	if !ok || h == nil {
		return nil
	}
	req := &core.Request{Context: context.Background(), Service: service, Action: action, Region: region,
		RequestID: "authz", Protocol: svc.Protocol(), Form: form}
	if req.Protocol == core.JSON {
		req.Body, _ = json.Marshal(body) // maps of strings always marshal
		req.ContentType = "application/x-amz-json-1.1"
	}
	out, err := h(req)
	if err != nil || out == nil {
		return nil
	}
	// The handlers answer aws-sdk-go v1 shapes, whose exported fields are
	// the wire names: their JSON is read generically.
	b, err := json.Marshal(out)
	if err != nil {
		return nil
	}
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

// Tags implements authz.State.
func (f fakeState) Tags(arn string) (map[string]string, bool) {
	p := strings.SplitN(arn, ":", 6)
	if len(p) != 6 {
		return nil, false
	}
	service, region, resource := p[2], p[3], p[5]
	var out map[string]any
	switch service {
	case "ec2":
		_, id, _ := strings.Cut(resource, "/")
		if id == "" || id == "*" {
			return nil, false
		}
		out = f.call("ec2", "DescribeTags", region, url.Values{"Filter.1.Name": {"resource-id"}, "Filter.1.Value.1": {id}}, nil)
	case "elasticloadbalancing":
		out = f.call(service, "DescribeTags", region, url.Values{"ResourceArns.member.1": {arn}}, nil)
		if l, _ := out["TagDescriptions"].([]any); len(l) == 1 {
			out, _ = l[0].(map[string]any)
		} else {
			out = nil
		}
	case "ecs":
		out = f.call(service, "ListTagsForResource", region, nil, map[string]any{"resourceArn": arn})
	case "servicediscovery":
		out = f.call(service, "ListTagsForResource", region, nil, map[string]any{"ResourceARN": arn})
	case "acm":
		out = f.call(service, "ListTagsForCertificate", region, nil, map[string]any{"CertificateArn": arn})
	case "logs":
		out = f.call(service, "ListTagsForResource", region, nil, map[string]any{"resourceArn": arn})
	case "rds":
		out = f.call(service, "ListTagsForResource", region, url.Values{"ResourceName": {arn}}, nil)
	case "secretsmanager":
		out = f.call(service, "DescribeSecret", region, nil, map[string]any{"SecretId": arn})
	case "iam":
		if name, ok := strings.CutPrefix(resource, "role/"); ok {
			out = f.call("iam", "ListRoleTags", f.region, url.Values{"RoleName": {name[strings.LastIndex(name, "/")+1:]}}, nil)
		}
	}
	if out == nil {
		return nil, false
	}
	return tagsIn(out), true
}

// tagsIn reads the tags of a v1 answer: a list of {Key, Value} under Tags,
// TagList or TagDescriptions, or a map (CloudWatch Logs).
func tagsIn(out map[string]any) map[string]string {
	tags := map[string]string{}
	for _, field := range []string{"Tags", "TagList", "TagSet"} {
		switch v := out[field].(type) {
		case []any:
			for _, e := range v {
				m, _ := e.(map[string]any)
				k, _ := m["Key"].(string)
				val, _ := m["Value"].(string)
				if k != "" {
					tags[k] = val
				}
			}
		case map[string]any:
			for k, e := range v {
				val, _ := e.(string)
				tags[k] = val
			}
		}
	}
	return tags
}

// Find implements authz.State.
func (f fakeState) Find(kind, id string) string {
	if id == "" {
		return ""
	}
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	switch kind {
	case "iam:role":
		out := f.call("iam", "GetRole", f.region, url.Values{"RoleName": {id}}, nil)
		role, _ := out["Role"].(map[string]any)
		return str(role, "Arn")
	case "secretsmanager:secret":
		return str(f.call("secretsmanager", "DescribeSecret", f.region, nil, map[string]any{"SecretId": id}), "ARN")
	case "ecs:taskdef", "ecs:taskdef-roles":
		out := f.call("ecs", "DescribeTaskDefinition", f.region, nil, map[string]any{"taskDefinition": id})
		td, _ := out["TaskDefinition"].(map[string]any)
		if kind == "ecs:taskdef" {
			return str(td, "TaskDefinitionArn")
		}
		return strings.TrimSpace(str(td, "TaskRoleArn") + " " + str(td, "ExecutionRoleArn"))
	case "ec2:association":
		out := f.call("ec2", "DescribeRouteTables", f.region, url.Values{"Filter.1.Name": {"association.route-table-association-id"}, "Filter.1.Value.1": {id}}, nil)
		tables, _ := out["RouteTables"].([]any)
		for _, t := range tables {
			tm, _ := t.(map[string]any)
			assocs, _ := tm["Associations"].([]any)
			for _, a := range assocs {
				am, _ := a.(map[string]any)
				if str(am, "RouteTableAssociationId") == id {
					return strings.TrimSpace(str(tm, "RouteTableId") + " " + str(am, "SubnetId"))
				}
			}
		}
	}
	return ""
}
