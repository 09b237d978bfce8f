package iam

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"encoding/json"
	"path"
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/iam"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// simulatePrincipalPolicy follows
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
// for roles, over the role's inline policies (an attached
// AdministratorAccess allows everything; the fake knows no other managed
// policy's document) and the PolicyInputList. It is a minimal evaluator:
// explicit Deny wins, then Allow, on Action/NotAction and
// Resource/NotResource with * and ? wildcards; conditions are not
// evaluated (a conditional statement applies). One result per action and
// resource, paged by MaxItems (1–1000, default 100) and Marker.
func (s *Service) simulatePrincipalPolicy(req *core.Request) (any, error) {
	var in v1.SimulatePrincipalPolicyInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	source := aws.StringValue(in.PolicySourceArn)
	if source == "" {
		return nil, validationError("1 validation error detected: Value null at 'policySourceArn' failed to satisfy constraint: Member must not be null")
	}
	if len(in.ActionNames) == 0 {
		return nil, validationError("1 validation error detected: Value null at 'actionNames' failed to satisfy constraint: Member must not be null")
	}
	if in.MaxItems != nil && (*in.MaxItems < 1 || *in.MaxItems > 1000) {
		return nil, validationError("1 validation error detected: Value '%d' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000", *in.MaxItems)
	}
	docs, err := s.principalPolicies(source)
	if err != nil {
		return nil, err
	}
	for _, p := range in.PolicyInputList {
		docs = append(docs, aws.StringValue(p))
	}
	var stmts []statement
	for _, d := range docs {
		st, err := parseStatements(d)
		if err != nil {
			return nil, err
		}
		stmts = append(stmts, st...)
	}
	resources := aws.StringValueSlice(in.ResourceArns)
	if len(resources) == 0 {
		resources = []string{"*"}
	}
	var results []*v1.EvaluationResult
	for _, action := range aws.StringValueSlice(in.ActionNames) {
		for _, res := range resources {
			results = append(results, &v1.EvaluationResult{
				EvalActionName: aws.String(action), EvalResourceName: aws.String(res),
				EvalDecision: aws.String(decide(stmts, action, res)), MatchedStatements: []*v1.Statement{},
				MissingContextValues: aws.StringSlice([]string{}),
			})
		}
	}
	start, end, next, err := core.Page(len(results), aws.StringValue(in.Marker), int(aws.Int64Value(in.MaxItems)), 100)
	if err != nil {
		return nil, err
	}
	out := &v1.SimulatePolicyResponse{EvaluationResults: results[start:end], IsTruncated: aws.Bool(next != "")}
	if next != "" {
		out.Marker = aws.String(next)
	}
	return out, nil
}

// principalPolicies are the documents of the role source names; the fake
// has no users or groups.
func (s *Service) principalPolicies(source string) ([]string, error) {
	i := strings.Index(source, ":role/")
	if i < 0 {
		return nil, noSuchEntity("The principal %s does not exist: the fake knows roles only.", source)
	}
	name := source[strings.LastIndex(source, "/")+1:]
	s.mu.Lock()
	defer s.mu.Unlock()
	r, err := s.lookup(name)
	if err != nil {
		return nil, err
	}
	if r.arn != source {
		return nil, noSuchEntity("The role with name %s cannot be found.", name)
	}
	var docs []string
	for _, d := range r.inline {
		docs = append(docs, d)
	}
	if _, ok := r.attached["arn:aws:iam::aws:policy/AdministratorAccess"]; ok {
		docs = append(docs, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)
	}
	return docs, nil
}

// statement is the part of a policy statement the fake evaluates.
type statement struct {
	deny                    bool
	actions, notActions     []string
	resources, notResources []string
}

// stringOrList is a policy element that is one string or a list of them.
type stringOrList []string

func (s *stringOrList) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		*s = []string{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*s = many
	return nil
}

func parseStatements(doc string) ([]statement, error) {
	type raw struct {
		Effect      string
		Action      stringOrList
		NotAction   stringOrList
		Resource    stringOrList
		NotResource stringOrList
	}
	var v struct{ Statement json.RawMessage }
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		return nil, malformed("Syntax errors in policy.")
	}
	var list []raw
	if err := json.Unmarshal(v.Statement, &list); err != nil {
		var one raw
		if err := json.Unmarshal(v.Statement, &one); err != nil {
			return nil, malformed("Syntax errors in policy.")
		}
		list = []raw{one}
	}
	out := make([]statement, len(list))
	for i, r := range list {
		out[i] = statement{deny: r.Effect == "Deny", actions: r.Action, notActions: r.NotAction, resources: r.Resource, notResources: r.NotResource}
	}
	return out, nil
}

// decide is allowed, explicitDeny or implicitDeny, as the evaluation
// logic documents: a matching Deny wins over any Allow.
func decide(stmts []statement, action, resource string) string {
	allowed := false
	for _, st := range stmts {
		if !st.applies(action, resource) {
			continue
		}
		if st.deny {
			return "explicitDeny"
		}
		allowed = true
	}
	if allowed {
		return "allowed"
	}
	return "implicitDeny"
}

func (st statement) applies(action, resource string) bool {
	actionOK := anyMatch(st.actions, action, true) || (st.notActions != nil && !anyMatch(st.notActions, action, true))
	resourceOK := anyMatch(st.resources, resource, false) || (st.notResources != nil && !anyMatch(st.notResources, resource, false))
	return actionOK && resourceOK
}

// anyMatch: IAM patterns use * (any run) and ? (one character); actions
// compare without case, resources with.
func anyMatch(patterns []string, s string, foldCase bool) bool {
	for _, p := range patterns {
		if foldCase {
			p, s = strings.ToLower(p), strings.ToLower(s)
		}
		if wildcard(p, s) {
			return true
		}
	}
	return false
}

// wildcard matches s against an IAM pattern. path.Match would treat / and
// [ specially, so both are escaped away first.
func wildcard(p, s string) bool {
	if p == "*" {
		return true
	}
	ok, err := path.Match(escapeForMatch(p), strings.ReplaceAll(s, "/", "\x00"))
	return err == nil && ok
}

func escapeForMatch(p string) string {
	r := strings.NewReplacer("/", "\x00", "[", `\[`, "]", `\]`, `\`, `\\`)
	return r.Replace(p)
}
