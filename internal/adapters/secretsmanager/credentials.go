package secretsmanager

import (
	"context"
	"fmt"
	"net"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	rdsadapter "github.com/everruns/reconciler/internal/adapters/rds"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// credentialsKind manages secretsmanager.database_credentials: the
// database secret's value completed with the instance's endpoint. It is a
// view of the secret (address secrets.<name>.value), observed as:
// secret_id (the secret's ARN), db_instance (the instance whose endpoint
// the value points at, "" when it points at none or is incomplete),
// username, database, sslmode (from connection_string) and keys.
type credentialsKind struct{ *tier }

const suffixValue = ".value"

// credentialTags claims a database secret for its credentials' address;
// other secrets are not claimed (nil tags).
func credentialTags(e types.SecretListEntry) map[string]string {
	tags := tagMap(e.Tags)
	if tags[names.TagSecretSource] != desired.SourceDatabase || tags[names.TagAddress] == "" {
		return nil
	}
	tags[names.TagAddress] += suffixValue
	return tags
}

// Observe lists the secrets (the tag-filtered ListSecrets, shared with
// the secret kind when both observe at once: list.go), reads a value only for a version not seen before, and lists
// the DB instances once, and only when a value points at an endpoint:
// DescribeDBInstances has no tag filter, and which instance a value
// points at is read from the endpoint itself.
func (k credentialsKind) Observe(ctx context.Context, id desired.Identity) (kit.Observation, error) {
	var endpoints map[string]string
	return kit.Collect(ctx, id, "secrets", k.list(ctx, id), credentialTags,
		func(ctx context.Context, e types.SecretListEntry) (reconcile.Live, bool, error) {
			arn := aws.ToString(e.ARN)
			l := reconcile.Live{ID: arn, Attrs: map[string]string{"arn": arn}, Status: "incomplete"}
			var f facts
			if v := current(e.SecretVersionsToStages); v != "" && e.DeletedDate == nil {
				var err error
				if f, err = k.cache.observed(ctx, k.sm, arn, v, tagMap(e.Tags)); err != nil {
					return l, false, err
				}
			}
			instance := ""
			if f.db.coherent {
				if endpoints == nil {
					var err error
					if endpoints, err = k.endpoints(ctx); err != nil {
						return l, false, err
					}
				}
				instance = endpoints[endpoint(f.db.host, f.db.port)]
			}
			l.Fields = map[string]any{
				names.DatabaseCredentials.SecretID:   arn,
				names.DatabaseCredentials.DBInstance: instance,
				names.DatabaseCredentials.Username:   f.db.username,
				names.DatabaseCredentials.Database:   f.db.database,
				names.DatabaseCredentials.SSLMode:    f.db.sslmode,
				names.DatabaseCredentials.Keys:       toSet(f.keys),
			}
			if l.Ready = instance != ""; l.Ready {
				l.Status = "complete"
			}
			return l, true, nil
		})
}

func endpoint(host string, port int64) string {
	return net.JoinHostPort(host, strconv.FormatInt(port, 10))
}

// endpoints maps every instance's endpoint to its identifier: the pass's
// one listing of instances, shared with the instance kind.
func (k credentialsKind) endpoints(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	all, err := rdsadapter.Instances(ctx, k.db)
	if err != nil {
		return nil, err
	}
	for _, i := range all {
		if e := i.Endpoint; e != nil {
			out[endpoint(aws.ToString(e.Address), int64(aws.ToInt32(e.Port)))] = aws.ToString(i.DBInstanceIdentifier)
		}
	}
	return out, nil
}

// instance describes one instance; not found yet, or busy, is polled.
func (k credentialsKind) instance(ctx context.Context, id string) (rdstypes.DBInstance, error) {
	out, err := k.db.DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{DBInstanceIdentifier: aws.String(id)})
	if err != nil {
		return rdstypes.DBInstance{}, rdsError(fmt.Errorf("describe db instance: %w", err))
	}
	if len(out.DBInstances) == 0 {
		return rdstypes.DBInstance{}, reconcile.NotReady(fmt.Errorf("db instance %s not found", id))
	}
	i := out.DBInstances[0]
	if i.Endpoint == nil || aws.ToString(i.Endpoint.Address) == "" {
		return i, reconcile.NotReady(fmt.Errorf("db instance has no endpoint yet (%s)", aws.ToString(i.DBInstanceStatus)))
	}
	return i, nil
}

// Delete refuses: the credentials are the database secret's value, never
// deleted by the reconciler.
func (k credentialsKind) Delete(context.Context, reconcile.Live) error {
	return kit.BadInput("database credentials are never deleted by the reconciler")
}
