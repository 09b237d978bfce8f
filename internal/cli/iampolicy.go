package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"

	"github.com/everruns/reconciler/internal/taskpolicy"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/iampolicy"
)

// runIAMPolicy: reconciler iam-policy -f FILE [--lease-table NAME]
// [--account ID] [--allow-replace]. Prints the policy the daemon's task
// role needs for FILE.
func runIAMPolicy(_ context.Context, args []string, io IO) int {
	fs := newFlags("iam-policy", io)
	file := fs.String("f", "", "environment file")
	table := fs.String("lease-table", "", "the DynamoDB lease table the daemon is run with (run --lease-table; default: the file's reconciler.lease_table)")
	account := fs.String("account", "*", "the AWS account ID, to write it into ARNs")
	replace := fs.Bool("allow-replace", false, "also allow the deletes of a replacement (apply --allow-replace; the daemon never replaces)")
	if !parse(fs, args) {
		return ExitError
	}
	if *account != "*" && !accountID.MatchString(*account) {
		fmt.Fprintf(io.Stderr, "reconciler iam-policy: --account must be 12 digits, not %q\n", *account)
		return ExitError
	}
	env := load(*file, io.Stderr)
	if env == nil {
		return ExitError
	}
	doc, err := policyFor(env, *table, *account, *replace)
	if err != nil {
		fmt.Fprintf(io.Stderr, "reconciler iam-policy: %v\n", err)
		return ExitError
	}
	enc := json.NewEncoder(io.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(doc)
	return ExitOK
}

var accountID = regexp.MustCompile(`^[0-9]{12}$`)

// policyFor generates the policy for env's resources: the operations of
// the kinds the file has, the lease's when table is set (by the flag, or
// else by the file's reconciler: section, which runs the daemon with it).
func policyFor(env *desired.Environment, table, account string, withDelete bool) (iampolicy.Document, error) {
	if table == "" && env.Reconciler != nil {
		table = env.Reconciler.LeaseTable
	}
	return taskpolicy.For(env, env.Resources(), taskpolicy.Options{LeaseTable: table, Account: account, WithDelete: withDelete})
}
