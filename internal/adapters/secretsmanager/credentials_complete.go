package secretsmanager

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// Create completes the value: the credentials exist as soon as the secret
// does, so creating them is completing them.
func (k credentialsKind) Create(ctx context.Context, _ desired.Identity, r desired.Resource) (reconcile.Live, error) {
	return k.complete(ctx, r)
}

// Update completes the value again, whatever field differs: every field
// is a part of the one value, written in one PutSecretValue.
func (k credentialsKind) Update(ctx context.Context, _ desired.Identity, r desired.Resource, _ reconcile.Live, _ drift.Delta) (reconcile.Live, error) {
	return k.complete(ctx, r)
}

type credentialsSpec struct{ arn, instance, username, database, sslmode string }

func credentialsOf(r desired.Resource) (credentialsSpec, error) {
	var s credentialsSpec
	var err error
	for _, f := range []struct {
		dst *string
		key string
	}{
		{&s.arn, names.DatabaseCredentials.SecretID}, {&s.instance, names.DatabaseCredentials.DBInstance},
		{&s.username, names.DatabaseCredentials.Username}, {&s.database, names.DatabaseCredentials.Database},
		{&s.sslmode, names.DatabaseCredentials.SSLMode},
	} {
		if *f.dst, err = kit.String(r.Fields, f.key); err != nil {
			return s, err
		}
	}
	return s, nil
}

// complete writes host, port and connection_string from the instance's
// endpoint, keeping the password. A value that was never completed and
// was written after the instance was created holds a password the
// instance never had (the secret was lost and generated again): it is set
// on the instance first, so that the value is never complete with a
// password that does not work, and a failure in between is repaired by
// the next pass doing the same again.
func (k credentialsKind) complete(ctx context.Context, r desired.Resource) (reconcile.Live, error) {
	s, err := credentialsOf(r)
	if err != nil {
		return reconcile.Live{}, err
	}
	inst, err := k.instance(ctx, s.instance)
	if err != nil {
		return reconcile.Live{}, err
	}
	out, err := k.sm.GetSecretValue(ctx, &sm.GetSecretValueInput{SecretId: aws.String(s.arn)})
	if err != nil {
		return reconcile.Live{}, fmt.Errorf("read value: %w", err)
	}
	var v dbValue
	_ = json.Unmarshal([]byte(aws.ToString(out.SecretString)), &v) // a value that does not parse has no password
	if v.Password == "" {
		return reconcile.Live{}, kit.BadInput("the database secret holds no password")
	}
	if v.Host == "" && aws.ToTime(out.CreatedDate).After(aws.ToTime(inst.InstanceCreateTime)) {
		if err := k.setPassword(ctx, s.instance, v.Password); err != nil {
			return reconcile.Live{}, err
		}
	}
	v.Username, v.Database = s.username, s.database
	v.Host, v.Port = aws.ToString(inst.Endpoint.Address), int64(aws.ToInt32(inst.Endpoint.Port))
	if _, err := k.sm.PutSecretValue(ctx, &sm.PutSecretValueInput{SecretId: aws.String(s.arn), SecretString: aws.String(v.complete(s.sslmode).encode())}); err != nil {
		return reconcile.Live{}, fmt.Errorf("store value: %w", err)
	}
	return reconcile.Live{ID: s.arn, Attrs: map[string]string{"arn": s.arn}, Ready: true, Status: "complete", Fields: map[string]any{
		names.DatabaseCredentials.SecretID: s.arn, names.DatabaseCredentials.DBInstance: s.instance,
		names.DatabaseCredentials.Username: s.username, names.DatabaseCredentials.Database: s.database,
		names.DatabaseCredentials.SSLMode: s.sslmode, names.DatabaseCredentials.Keys: toSet(sorted(desired.DatabaseSecretKeys)),
	}}, nil
}

// setPassword resets the instance's master password at once
// (ApplyImmediately), never in the maintenance window: until then nothing
// could connect.
func (k credentialsKind) setPassword(ctx context.Context, instance, password string) error {
	_, err := k.db.ModifyDBInstance(ctx, &rds.ModifyDBInstanceInput{
		DBInstanceIdentifier: aws.String(instance), MasterUserPassword: aws.String(password), ApplyImmediately: aws.Bool(true)})
	if err != nil {
		return rdsError(fmt.Errorf("set master password: %w", err))
	}
	return nil
}
