package iam

import (
	"strings"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
)

// rolePath is the IAM path every role of the identity is created under:
// /everruns/<project>/<environment>/.
//
// Why a path: IAM is global and has no tag-filtered listing, and Observe
// is given only the identity, not the role names the file declares. The
// path tells this environment's roles from the account's others in the
// one GetAccountAuthorizationDetails Observe reads (which has no path
// filter: it grows by a call per 1,000 roles of the account). The path is fixed at CreateRole and cannot be
// changed; the seed's roles are new (the reconciler creates them), so
// nothing depends on their path, and the role ARN that task definitions
// take is read from IAM, path included. A role a person created at another
// path is not seen and, sharing the name, makes CreateRole fail with
// EntityAlreadyExists: reported, never taken over silently.
func rolePath(id desired.Identity) (string, error) {
	for _, part := range []string{id.Project, id.Environment} {
		if part == "" || strings.ContainsAny(part, "/") || strings.IndexFunc(part, func(r rune) bool { return r < 0x21 || r > 0x7e }) >= 0 {
			return "", kit.BadInput("%q cannot be a segment of an IAM path", part)
		}
	}
	return "/everruns/" + id.Project + "/" + id.Environment + "/", nil
}
