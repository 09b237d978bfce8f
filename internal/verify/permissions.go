package verify

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/everruns/reconciler/internal/taskpolicy"
	"github.com/everruns/reconciler/pkg/iampolicy"
)

// checkPermissions simulates (iam:SimulatePrincipalPolicy) the principal's
// policies against every statement of the policy `reconciler iam-policy`
// generates for the file: its actions, its resources, and the tag values
// its conditions expect as context. Each action denied on a resource is an
// error. The root user, and a principal whose policies cannot be
// simulated, are warnings: verify cannot tell.
func checkPermissions(ctx context.Context, c *checker) []Finding {
	principal := c.opts.Principal
	if principal == "" {
		caller, err := sts.NewFromConfig(c.cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			return []Finding{warning("caller", "the caller's identity could not be read: %v", err)}
		}
		principal = aws.ToString(caller.Arn)
	}
	api := iam.NewFromConfig(c.cfg)
	source, note := simulationSource(ctx, api, principal)
	if source == "" {
		return []Finding{warning(principal, "%s", note)}
	}
	doc, err := c.plannedPolicy(accountOf(source))
	if err != nil {
		return []Finding{problem(principal, "the plan's policy could not be generated: %v", err)}
	}
	deniedOn := map[string][]string{} // action → "resource (decision)"
	for _, st := range doc.Statement {
		results, err := simulate(ctx, api, source, st)
		if err != nil {
			return []Finding{warning(source, "its permissions could not be simulated (iam:SimulatePrincipalPolicy): %v", err)}
		}
		for _, r := range results {
			if r.decision != "allowed" {
				deniedOn[r.action] = append(deniedOn[r.action], r.resource+" ("+r.decision+")")
			}
		}
	}
	var denied []Finding
	for _, action := range sortedKeys(deniedOn) {
		denied = append(denied, problem(action, "denied to %s on %s: the plan needs it", source, strings.Join(deniedOn[action], ", ")))
	}
	out := denied
	if note != "" {
		out = append(out, warning(principal, "%s", note))
	}
	if len(denied) == 0 {
		out = append(out, ok(source, "allowed every call the plan needs (%d actions on their resources)", len(doc.Actions())))
	}
	return out
}

// plannedPolicy is what `reconciler iam-policy -f FILE --account ACCOUNT`
// prints: the lease table is the file's reconciler section's, if any.
func (c *checker) plannedPolicy(account string) (iampolicy.Document, error) {
	table := ""
	if c.env.Reconciler != nil {
		table = c.env.Reconciler.LeaseTable
	}
	return taskpolicy.For(c.env, c.env.Resources(), taskpolicy.Options{LeaseTable: table, Account: account})
}

// simulationSource is the ARN SimulatePrincipalPolicy takes for principal:
// an assumed-role session is simulated as its role (GetRole gives the
// role's path, which the session's ARN drops). "" with a reason when the
// principal cannot be simulated; a reason alone is a note to show.
func simulationSource(ctx context.Context, api *iam.Client, principal string) (source, note string) {
	parts := strings.SplitN(principal, ":", 6)
	if len(parts) != 6 {
		return "", fmt.Sprintf("%q is not an ARN: the permissions cannot be simulated", principal)
	}
	resource := parts[5]
	switch {
	case resource == "root":
		return "", "the caller is the account's root user, allowed everything: verify cannot check the permissions; apply as a role with `reconciler iam-policy`'s policy"
	case strings.HasPrefix(resource, "assumed-role/"):
		name := strings.Split(resource, "/")[1]
		role, err := api.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(name)})
		if err == nil {
			return aws.ToString(role.Role.Arn), ""
		}
		return fmt.Sprintf("arn:%s:iam::%s:role/%s", parts[1], parts[4], name), ""
	case strings.HasPrefix(resource, "user/"):
		return principal, "the caller is an IAM user; the daemon runs as a role: check it too with --principal ROLE_ARN"
	}
	return principal, ""
}

func accountOf(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) == 6 && parts[4] != "" {
		return parts[4]
	}
	return "*"
}

type decision struct{ action, resource, decision string }

// simulate asks about one statement's actions on its resources, with its
// conditions' values as the request context.
func simulate(ctx context.Context, api *iam.Client, source string, st iampolicy.Statement) ([]decision, error) {
	in := &iam.SimulatePrincipalPolicyInput{PolicySourceArn: aws.String(source), ActionNames: st.Action, ResourceArns: st.Resource}
	if slices.Equal(st.Resource, []string{"*"}) {
		in.ResourceArns = nil // the default: every resource
	}
	for _, byKey := range st.Condition {
		for key, values := range byKey {
			if len(values) == 0 {
				continue
			}
			// One value suffices for a StringEquals of several (any of).
			in.ContextEntries = append(in.ContextEntries, iamtypes.ContextEntry{
				ContextKeyName: aws.String(key), ContextKeyType: iamtypes.ContextKeyTypeEnumString, ContextKeyValues: values[:1]})
		}
	}
	var out []decision
	p := iam.NewSimulatePrincipalPolicyPaginator(api, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, r := range page.EvaluationResults {
			action := aws.ToString(r.EvalActionName)
			if len(r.ResourceSpecificResults) == 0 {
				out = append(out, decision{action, aws.ToString(r.EvalResourceName), string(r.EvalDecision)})
				continue
			}
			for _, rr := range r.ResourceSpecificResults {
				out = append(out, decision{action, aws.ToString(rr.EvalResourceName), string(rr.EvalResourceDecision)})
			}
		}
	}
	return out, nil
}
