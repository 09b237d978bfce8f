package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/everruns/reconciler/internal/adapters"
	"github.com/everruns/reconciler/internal/lease"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/iampolicy"
)

// runIAMPolicy: reconciler iam-policy -f FILE [--lease-table NAME]
// [--account ID] [--allow-replace]. Prints the policy the daemon's task
// role needs for FILE.
func runIAMPolicy(_ context.Context, args []string, io IO) int {
	fs := newFlags("iam-policy", io)
	file := fs.String("f", "", "environment file")
	table := fs.String("lease-table", "", "the DynamoDB lease table the daemon is run with (run --lease-table)")
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
// the kinds the file has, the lease's when table is set.
func policyFor(env *desired.Environment, table, account string, withDelete bool) (iampolicy.Document, error) {
	reg, err := adapters.New(aws.Config{Region: env.Region}) // builds clients only: no call is made
	if err != nil {
		return iampolicy.Document{}, err
	}
	id := env.Identity()
	in := iampolicy.Input{Region: env.Region, Account: account, Project: id.Project, Environment: id.Environment, LeaseTable: table}
	var kinds []string
	for _, r := range env.Resources() {
		kinds = append(kinds, r.Kind)
		addNamed(&in, r)
	}
	ops := adapters.OperationsFor(reg, kinds, withDelete)
	if table != "" {
		ops = append(ops, lease.Operations...)
	}
	if in.Actions, err = iampolicy.RequiresAll(ops); err != nil {
		return iampolicy.Document{}, err
	}
	return iampolicy.Generate(in)
}

// addNamed records the names of r that narrow the policy by ARN.
func addNamed(in *iampolicy.Input, r desired.Resource) {
	str := func(field string) string { s, _ := r.Fields[field].(string); return s }
	switch r.Kind {
	case names.KindLogGroup:
		in.LogGroups = append(in.LogGroups, str(names.LogGroup.LogGroupName))
	case names.KindSecret:
		in.Secrets = append(in.Secrets, str(names.Secret.Name))
	case names.KindDBInstance:
		in.DBNames = append(in.DBNames, "db:"+str(names.DBInstance.Identifier))
	case names.KindDBSubnetGroup:
		in.DBNames = append(in.DBNames, "subgrp:"+str(names.DBSubnetGroup.Name))
	case names.KindDBParameterGroup:
		in.DBNames = append(in.DBNames, "pg:"+str(names.DBParameterGroup.Name))
	}
}
