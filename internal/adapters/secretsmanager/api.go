package secretsmanager

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/rds"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// SecretsAPI is the part of Secrets Manager this tier calls;
// *secretsmanager.Client satisfies it.
type SecretsAPI interface {
	ListSecrets(ctx context.Context, in *sm.ListSecretsInput, optFns ...func(*sm.Options)) (*sm.ListSecretsOutput, error)
	DescribeSecret(ctx context.Context, in *sm.DescribeSecretInput, optFns ...func(*sm.Options)) (*sm.DescribeSecretOutput, error)
	GetSecretValue(ctx context.Context, in *sm.GetSecretValueInput, optFns ...func(*sm.Options)) (*sm.GetSecretValueOutput, error)
	GetRandomPassword(ctx context.Context, in *sm.GetRandomPasswordInput, optFns ...func(*sm.Options)) (*sm.GetRandomPasswordOutput, error)
	CreateSecret(ctx context.Context, in *sm.CreateSecretInput, optFns ...func(*sm.Options)) (*sm.CreateSecretOutput, error)
	PutSecretValue(ctx context.Context, in *sm.PutSecretValueInput, optFns ...func(*sm.Options)) (*sm.PutSecretValueOutput, error)
	UpdateSecret(ctx context.Context, in *sm.UpdateSecretInput, optFns ...func(*sm.Options)) (*sm.UpdateSecretOutput, error)
	RestoreSecret(ctx context.Context, in *sm.RestoreSecretInput, optFns ...func(*sm.Options)) (*sm.RestoreSecretOutput, error)
	TagResource(ctx context.Context, in *sm.TagResourceInput, optFns ...func(*sm.Options)) (*sm.TagResourceOutput, error)
	UntagResource(ctx context.Context, in *sm.UntagResourceInput, optFns ...func(*sm.Options)) (*sm.UntagResourceOutput, error)
}

// DBAPI is the part of RDS the database credentials need: the instance's
// endpoint, and setting a regenerated password on it; *rds.Client
// satisfies it.
type DBAPI interface {
	DescribeDBInstances(ctx context.Context, in *rds.DescribeDBInstancesInput, optFns ...func(*rds.Options)) (*rds.DescribeDBInstancesOutput, error)
	ModifyDBInstance(ctx context.Context, in *rds.ModifyDBInstanceInput, optFns ...func(*rds.Options)) (*rds.ModifyDBInstanceOutput, error)
}
