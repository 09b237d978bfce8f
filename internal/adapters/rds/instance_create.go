package rds

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// Create makes the instance with every field of the file, the password
// read from the credentials secret (generated in AWS, never in the file),
// tagged in the call with the identity and the bookkeeping tags.
func (k instanceKind) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	in, err := createInput(r.Fields)
	if err != nil {
		return reconcile.Live{}, err
	}
	tags, err := kit.Tags(id, r)
	if err != nil {
		return reconcile.Live{}, err
	}
	rec, err := recordTags(r.Fields, keys(recorded)...)
	if err != nil {
		return reconcile.Live{}, err
	}
	maps.Copy(tags, rec)
	in.Tags = rdsTags(tags)
	secret, err := kit.String(r.Fields, dbf.MasterPasswordSecret)
	if err != nil {
		return reconcile.Live{}, err
	}
	if in.MasterUserPassword, err = k.password(ctx, secret); err != nil {
		return reconcile.Live{}, err
	}
	out, err := k.api.CreateDBInstance(ctx, in, noRetry)
	if err != nil {
		return reconcile.Live{}, fmt.Errorf("create instance: %w", err)
	}
	return instanceLive(*out.DBInstance), nil
}

// password reads the master password from the secret's JSON. Neither the
// value nor any part of it ever reaches an error.
func (k instanceKind) password(ctx context.Context, secretARN string) (*string, error) {
	out, err := k.secrets.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(secretARN)})
	if err != nil {
		return nil, fmt.Errorf("read the master password: %w", err)
	}
	var v struct {
		Password string `json:"password"`
	}
	if json.Unmarshal([]byte(aws.ToString(out.SecretString)), &v) != nil || v.Password == "" {
		return nil, kit.BadInput("read the master password: the secret's value is not JSON with a non-empty \"password\" key")
	}
	return aws.String(v.Password), nil
}

func createInput(f map[string]any) (*rds.CreateDBInstanceInput, error) {
	r := reader{fields: f}
	in := &rds.CreateDBInstanceInput{
		DBInstanceIdentifier:       r.str(dbf.Identifier),
		Engine:                     r.str(dbf.Engine),
		EngineVersion:              r.str(dbf.EngineVersion),
		DBInstanceClass:            r.str(dbf.InstanceClass),
		StorageType:                r.str(dbf.StorageType),
		AllocatedStorage:           r.int32(dbf.AllocatedStorage),
		StorageEncrypted:           r.bool(dbf.StorageEncrypted),
		MultiAZ:                    r.bool(dbf.MultiAZ),
		PubliclyAccessible:         r.bool(dbf.PubliclyAccessible),
		DBName:                     r.str(dbf.DBName),
		MasterUsername:             r.str(dbf.MasterUsername),
		DBSubnetGroupName:          r.str(dbf.DBSubnetGroupName),
		DBParameterGroupName:       r.str(dbf.ParameterGroupName),
		VpcSecurityGroupIds:        r.strs(dbf.VPCSecurityGroupIDs),
		BackupRetentionPeriod:      r.int32(dbf.BackupRetentionPeriod),
		PreferredBackupWindow:      r.str(dbf.BackupWindow),
		PreferredMaintenanceWindow: r.str(dbf.MaintenanceWindow),
		DeletionProtection:         r.bool(dbf.DeletionProtection),
		EnablePerformanceInsights:  r.bool(dbf.PerformanceInsightsEnabled),
		AutoMinorVersionUpgrade:    r.bool(dbf.AutoMinorVersionUpgrade),
	}
	if m := r.int32(dbf.MaxAllocatedStorage); aws.ToInt32(m) > 0 { // 0: autoscaling off
		in.MaxAllocatedStorage = m
	}
	return in, r.err
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
