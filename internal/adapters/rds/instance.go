package rds

import (
	"context"
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/rds/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

type instanceAPI interface {
	tagsAPI
	CreateDBInstance(ctx context.Context, in *rds.CreateDBInstanceInput, optFns ...func(*rds.Options)) (*rds.CreateDBInstanceOutput, error)
	DescribeDBInstances(ctx context.Context, in *rds.DescribeDBInstancesInput, optFns ...func(*rds.Options)) (*rds.DescribeDBInstancesOutput, error)
	ModifyDBInstance(ctx context.Context, in *rds.ModifyDBInstanceInput, optFns ...func(*rds.Options)) (*rds.ModifyDBInstanceOutput, error)
	RebootDBInstance(ctx context.Context, in *rds.RebootDBInstanceInput, optFns ...func(*rds.Options)) (*rds.RebootDBInstanceOutput, error)
}

type secretAPI interface {
	GetSecretValue(ctx context.Context, in *secretsmanager.GetSecretValueInput, optFns ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
}

// instanceKind manages rds.db_instance (docs/resources.md). It is
// stateful: Delete refuses, and the engine never replaces it.
type instanceKind struct {
	api     instanceAPI
	secrets secretAPI
}

var dbf = names.DBInstance

// recorded are the fields whose file value the instance keeps in a
// bookkeeping tag (see recordPrefix), as their kinds: "s" string, "b"
// bool, "i" integer.
var recorded = map[string]string{
	dbf.MasterPasswordSecret:    "s", // write-only: AWS never tells which secret the password came from
	dbf.FinalSnapshotIdentifier: "s", // a DeleteDBInstance parameter, not an attribute
	dbf.ApplyImmediately:        "b", // how to change, not what
	dbf.AllowReboot:             "b",
	dbf.EngineVersion:           "s", // the file's version, which a newer minor satisfies
	dbf.AllocatedStorage:        "i", // the file's size, which autoscaled storage satisfies
}

// Observe is one paginated DescribeDBInstances, shared for the pass
// (Instances): RDS cannot filter instances by tag, but each carries its
// TagList, so the identity claims from that. An instance being deleted
// counts as absent.
func (k instanceKind) Observe(ctx context.Context, id desired.Identity) (map[desired.Address]reconcile.Live, error) {
	all, err := Instances(ctx, k.api)
	if err != nil {
		return nil, err
	}
	return kit.Collect(ctx, id, "instances", kit.Items(all),
		func(i types.DBInstance) map[string]string { return tagMap(i.TagList) },
		func(_ context.Context, i types.DBInstance) (reconcile.Live, bool, error) {
			return instanceLive(i), aws.ToString(i.DBInstanceStatus) != "deleting", nil
		})
}

// Delete refuses: the database holds the environment's data.
func (k instanceKind) Delete(context.Context, reconcile.Live) error {
	return kit.BadInput("the reconciler never deletes a database instance; delete it by hand after a final snapshot")
}

// readRecorded turns the bookkeeping tags back into field values; a
// missing or unreadable one is absent, which the drift shows and the next
// update writes again.
func readRecorded(tags map[string]string) map[string]any {
	out := map[string]any{}
	for field, kind := range recorded {
		s, ok := tags[recordPrefix+field]
		if !ok {
			continue
		}
		switch kind {
		case "s":
			out[field] = s
		case "b":
			if b, err := strconv.ParseBool(s); err == nil {
				out[field] = b
			}
		case "i":
			if n, err := strconv.ParseInt(s, 10, 64); err == nil {
				out[field] = n
			}
		}
	}
	return out
}

// recordTags are the bookkeeping tags for fields, from the file's values.
func recordTags(want map[string]any, fields ...string) (map[string]string, error) {
	out := map[string]string{}
	for _, f := range fields {
		switch v := want[f].(type) {
		case string:
			out[recordPrefix+f] = v
		case bool:
			out[recordPrefix+f] = strconv.FormatBool(v)
		case int64, int:
			out[recordPrefix+f] = fmt.Sprint(v)
		default:
			return nil, kit.BadInput("field %s: cannot record a %T", f, v)
		}
	}
	return out, nil
}
