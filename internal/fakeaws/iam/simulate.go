package iam

//lint:file-ignore SA1019 aws-sdk-go v1 is the fake's wire codec only (docs/test-cloud.md); the product uses v2.

import (
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/iam"

	"github.com/everruns/reconciler/internal/fakeaws/core"
	"github.com/everruns/reconciler/internal/fakeaws/iameval"
)

// managedDocuments are the documents of the AWS-managed policies the fake
// can evaluate. An attached managed policy missing here grants nothing
// under devcloud -enforce-iam: the fake does not hold their (long)
// documents.
var managedDocuments = map[string]string{
	"arn:aws:iam::aws:policy/AdministratorAccess": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`,
}

// namedPolicy is one identity policy of a role, with the ID
// SimulatePrincipalPolicy reports it by.
type namedPolicy struct {
	id, typ string // "role_NAME_POLICY" / "IAM Policy"
	doc     string
}

// policiesOf lists a role's identity policies; the caller holds s.mu.
func (r *role) policiesOf() []namedPolicy {
	var out []namedPolicy
	for name, doc := range r.inline {
		out = append(out, namedPolicy{id: name, typ: "IAM Policy", doc: doc})
	}
	for arn := range r.attached {
		if doc, ok := managedDocuments[arn]; ok {
			out = append(out, namedPolicy{id: arn, typ: "IAM Policy", doc: doc})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].id < out[j].id })
	return out
}

// rolePolicies answers core.Directory.Role.
func (s *Service) rolePolicies(arn string) (core.RoleInfo, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.roleByARN(arn)
	if r == nil {
		return core.RoleInfo{}, false
	}
	info := core.RoleInfo{ID: r.id, MaxSession: r.maxSession}
	for _, p := range r.policiesOf() {
		info.Policies = append(info.Policies, p.doc)
	}
	return info, true
}

// roleByARN finds a role by its ARN or, for a role session, by its
// assumed-role ARN (arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION); the
// caller holds s.mu.
func (s *Service) roleByARN(arn string) *role {
	if rest, ok := strings.CutPrefix(arn, "arn:aws:sts::"+core.AccountID+":assumed-role/"); ok {
		name, _, _ := strings.Cut(rest, "/")
		return s.roles[key(name)]
	}
	for _, r := range s.roles {
		if r.arn == arn {
			return r
		}
	}
	return nil
}

// simulatePrincipalPolicy follows
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
// for a role (PolicySourceArn the role's ARN, or a session's assumed-role
// ARN): each action of ActionNames on each of ResourceArns (default "*"),
// with ContextEntries as the request context, evaluated by the same
// evaluator that judges calls under -enforce-iam, plus PolicyInputList's
// documents. One result per action and resource, with the statements
// that decided and the condition keys the caller did not give
// (MissingContextValues: IAM does not read a resource's tags for a
// simulation; they are context entries).
func (s *Service) simulatePrincipalPolicy(req *core.Request) (any, error) {
	var in v1.SimulatePrincipalPolicyInput
	if err := req.Decode(&in); err != nil {
		return nil, err
	}
	source := aws.StringValue(in.PolicySourceArn)
	if source == "" {
		return nil, core.MissingParameter("PolicySourceArn")
	}
	if len(in.ActionNames) == 0 {
		return nil, core.MissingParameter("ActionNames")
	}
	s.mu.Lock()
	r := s.roleByARN(source)
	var named []namedPolicy
	if r != nil {
		named = r.policiesOf()
	}
	s.mu.Unlock()
	if r == nil && !strings.Contains(source, ":role/") && !strings.Contains(source, ":assumed-role/") {
		return nil, invalidInput("Invalid Entity Arn: %s does not clearly define entity type and name.", source)
	}
	if r == nil {
		return nil, noSuchEntity("The role with ARN %s cannot be found.", source)
	}
	for i, d := range in.PolicyInputList {
		named = append(named, namedPolicy{id: "PolicyInputList." + strconv.Itoa(i+1), typ: "IAM Policy", doc: aws.StringValue(d)})
	}
	var policies []iameval.Policy
	for _, p := range named {
		parsed, err := iameval.Parse(p.doc)
		if err != nil {
			return nil, malformed("Syntax errors in policy " + p.id + ": " + err.Error())
		}
		policies = append(policies, parsed)
	}
	context := map[string][]string{}
	for _, e := range in.ContextEntries {
		context[aws.StringValue(e.ContextKeyName)] = aws.StringValueSlice(e.ContextKeyValues)
	}
	resources := aws.StringValueSlice(in.ResourceArns)
	if len(resources) == 0 {
		resources = []string{"*"}
	}
	var results []*v1.EvaluationResult
	for _, action := range aws.StringValueSlice(in.ActionNames) {
		for _, res := range resources {
			r := iameval.Request{Action: action, Resource: res, Context: context}
			decision, matched := iameval.Explain(policies, r)
			results = append(results, &v1.EvaluationResult{
				EvalActionName:       aws.String(action),
				EvalResourceName:     aws.String(res),
				EvalDecision:         aws.String(string(decision)),
				MatchedStatements:    matchedStatements(named, matched),
				MissingContextValues: aws.StringSlice(iameval.MissingContext(policies, r)),
			})
		}
	}
	return &v1.SimulatePolicyResponse{EvaluationResults: results, IsTruncated: aws.Bool(false)}, nil
}

// matchedStatements names the policies of the statements that decided.
func matchedStatements(named []namedPolicy, matched []iameval.Match) []*v1.Statement {
	var out []*v1.Statement
	for _, m := range matched {
		out = append(out, &v1.Statement{SourcePolicyId: aws.String(named[m.Policy].id), SourcePolicyType: aws.String(named[m.Policy].typ)})
	}
	return out
}
