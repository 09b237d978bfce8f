package cli

import (
	"encoding/json"
	"fmt"
	"regexp"

	"github.com/spf13/cobra"

	"github.com/everruns/reconciler/internal/taskpolicy"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/iampolicy"
)

type iamPolicyOptions struct {
	file, table, account string
	allowReplace         bool
}

// newIAMPolicyCommand: reconciler iam-policy -f FILE [--lease-table NAME]
// [--account ID] [--allow-replace]. Prints the policy the daemon's task
// role needs for FILE.
func newIAMPolicyCommand(io IO) *cobra.Command {
	o := iamPolicyOptions{account: "*"}
	cmd := &cobra.Command{
		Use:   "iam-policy -f FILE",
		Short: "Print the least-privilege IAM policy the daemon's task role needs",
		Args:  noArgs,
		RunE:  func(*cobra.Command, []string) error { return o.run(io) },
	}
	fs := cmd.Flags()
	fileFlag(fs, &o.file, "environment `FILE` (- reads standard input)")
	fs.StringVar(&o.table, "lease-table", "", "the DynamoDB lease table the daemon is run with (run --lease-table; default: the file's reconciler.lease_table)")
	fs.StringVar(&o.account, "account", o.account, "the AWS account ID, to write it into ARNs")
	fs.BoolVar(&o.allowReplace, "allow-replace", false, "also allow the deletes of a replacement (apply --allow-replace; the daemon never replaces)")
	return cmd
}

var accountID = regexp.MustCompile(`^[0-9]{12}$`)

func (o *iamPolicyOptions) run(io IO) error {
	if o.account != "*" && !accountID.MatchString(o.account) {
		return fmt.Errorf("--account must be 12 digits, not %q", o.account)
	}
	env, err := load(o.file, io.Stdin, io.Stderr)
	if err != nil {
		return err
	}
	doc, err := policyFor(env, o.table, o.account, o.allowReplace)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(io.Stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

// policyFor generates the policy for env's resources: the operations of
// the kinds the file has, the lease's when table is set (by the flag, or
// else by the file's reconciler: section, which runs the daemon with it).
func policyFor(env *desired.Environment, table, account string, withDelete bool) (iampolicy.Document, error) {
	if table == "" && env.Reconciler != nil {
		table = env.Reconciler.LeaseTable
	}
	return taskpolicy.For(env, env.Resources(), taskpolicy.Options{LeaseTable: table, Account: account, WithDelete: withDelete})
}
