package gitops

import (
	"fmt"
	"strings"

	"github.com/everruns/reconciler/internal/daemon"
	"github.com/everruns/reconciler/internal/github"
	"github.com/everruns/reconciler/internal/notify"
	"github.com/everruns/reconciler/internal/pass"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
)

// Statuses says what each commit a pass is about should show:
//   - error on an invalid revision, with its first FILE:LINE:COL;
//   - success once the environment matches the revision acted on;
//   - failure, with the reason, when a pass that observed the result could
//     not converge (a rollout's stopped reason, a refused change);
//   - pending while a rollout runs, drift is left for another replica, or
//     the file suspends the daemon or a freeze window holds it (saying so).
//
// A pass that could not observe the environment (AWS unreachable) says
// nothing: a transient failure is not a verdict on the commit.
func Statuses(r daemon.PassResult) []github.Status {
	var out []github.Status
	o := r.Outcome
	if s := o.Source; !s.Valid && s.Revision != "" && s.Revision != o.Revision && len(s.Errors) > 0 {
		out = append(out, github.Status{SHA: s.Revision, State: github.StateError,
			Description: clean("invalid: " + firstError(s.Errors))})
	}
	if o.Revision == "" || !o.Observed {
		return out
	}
	st := github.Status{SHA: o.Revision}
	switch reason := blocker(o.Report); {
	case reason != "":
		st.State, st.Description = github.StateFailure, clean(reason)
	case r.Err != nil:
		st.State, st.Description = github.StateFailure, clean("not converged: "+r.Err.Error())
	case o.Restraint.Reason() != "":
		// Suspended or frozen: the daemon vouches for nothing until it may
		// act again, in sync or not.
		st.State, st.Description = github.StatePending, clean(o.Restraint.String())
	case o.Report.InSync():
		st.State, st.Description = github.StateSuccess, "the environment matches this commit"
	case inProgress(o) > 0:
		st.State, st.Description = github.StatePending, "rolling out"
	case o.Mode == pass.Observe:
		st.State, st.Description = github.StatePending, fmt.Sprintf("%d resource(s) differ; not repaired (observe-only)", len(o.Report.Outstanding()))
	default:
		st.State, st.Description = github.StatePending, "converging"
	}
	return append(out, st)
}

// blocker is why the environment cannot converge on the file by itself:
// a rollout that failed, or a change AWS would refuse; "" when none.
func blocker(r drift.Report) string {
	for _, c := range r.Changes {
		if f, ok := notify.RolloutFailed(c); ok {
			return f.Short()
		}
	}
	for _, c := range r.Outstanding() {
		if c.Action == drift.ActionRefused {
			return fmt.Sprintf("refused: %s: %s", c.Address, c.Reason)
		}
	}
	return ""
}

func inProgress(o pass.Outcome) int {
	n := 0
	for _, v := range o.InProgress {
		n += v
	}
	return n
}

func firstError(errs []string) string {
	if len(errs) > 1 {
		return fmt.Sprintf("%s (and %d more)", errs[0], len(errs)-1)
	}
	return errs[0]
}

// clean is s on one line, credential-shaped values redacted, within
// GitHub's 140 characters.
func clean(s string) string {
	return github.Truncate(strings.Join(strings.Fields(desired.RedactCredentials(s)), " "), github.MaxDescription)
}
