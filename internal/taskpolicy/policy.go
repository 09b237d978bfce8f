// Package taskpolicy generates the least-privilege policy of the daemon's
// task role from the resources a file expands to, and puts it where the
// file asks for it: the reconciler's own role (desired.GeneratedPolicy).
// It is the one place that joins the file's expansion (pkg/desired), the
// operations each adapter declares (internal/adapters) and the lease's
// (internal/lease), which pkg/desired cannot import.
package taskpolicy

import (
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/everruns/reconciler/internal/adapters"
	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/internal/lease"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/iampolicy"
)

// Options are what the policy depends on besides the resources.
type Options struct {
	// LeaseTable adds the lease's DynamoDB actions on this table.
	LeaseTable string
	// Account is written into ARNs; "" or "*" leaves it open (a role acts
	// in its own account only).
	Account string
	// WithDelete adds the deletes of a replacement (apply
	// --allow-replace); the daemon never replaces.
	WithDelete bool
}

// registry is built once: it only builds clients, makes no call, and the
// operations it collects do not depend on the configuration.
var registry = sync.OnceValues(func() (*kit.Registry, error) {
	return adapters.New(aws.Config{Region: "us-east-1"})
})

// For returns the policy that lets the daemon keep resources, the
// expansion of env: the operations of the kinds present, scoped by the
// names the resources carry.
func For(env *desired.Environment, resources []desired.Resource, o Options) (iampolicy.Document, error) {
	reg, err := registry()
	if err != nil {
		return iampolicy.Document{}, err
	}
	if o.Account == "" {
		o.Account = "*"
	}
	id := env.Identity()
	in := iampolicy.Input{Region: env.Region, Account: o.Account, Project: id.Project, Environment: id.Environment, LeaseTable: o.LeaseTable}
	var kinds []string
	for _, r := range resources {
		kinds = append(kinds, r.Kind)
		addNamed(&in, r)
	}
	ops := adapters.OperationsFor(reg, kinds, o.WithDelete)
	// The engine observes every kind it has an adapter for, not only the
	// kinds of the file (an orphan of a kind the file no longer uses is
	// still found: pkg/reconcile's kindsToObserve), so a diff or a pass
	// needs the reads of every kind. Without them a file with no database
	// was denied rds:DescribeDBInstances on its first diff.
	for _, kind := range reg.Operations() {
		ops = append(ops, kind.Observe...)
	}
	if o.LeaseTable != "" {
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
