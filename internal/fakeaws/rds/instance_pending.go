package rds

import (
	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/rds"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// pendingChanges keeps the requested values that differ from the live ones
// and do not apply at once.
func pendingChanges(i *instance, in *v1.ModifyDBInstanceInput) (*v1.PendingModifiedValues, error) {
	p := &v1.PendingModifiedValues{}
	if in.DBInstanceClass != nil && *in.DBInstanceClass != i.class {
		p.DBInstanceClass = in.DBInstanceClass
	}
	if in.AllocatedStorage != nil && *in.AllocatedStorage != i.storage {
		p.AllocatedStorage = in.AllocatedStorage
	}
	if in.EngineVersion != nil {
		v, err := upgradeTarget(i, *in.EngineVersion, aws.BoolValue(in.AllowMajorVersionUpgrade))
		if err != nil {
			return nil, err
		}
		if v != i.engineVersion {
			p.EngineVersion = aws.String(v)
		}
	}
	if in.MultiAZ != nil && *in.MultiAZ != i.multiAZ {
		p.MultiAZ = in.MultiAZ
	}
	if in.StorageType != nil && *in.StorageType != i.storageType {
		p.StorageType = in.StorageType
	}
	// Between two non-zero values the retention applies at once
	// (applyAtOnce); to or from 0 it is a pending change.
	if r := in.BackupRetentionPeriod; r != nil && *r != i.backupRetention && (*r == 0 || i.backupRetention == 0) {
		p.BackupRetentionPeriod = r
	}
	if in.MasterUserPassword != nil {
		p.MasterUserPassword = aws.String("****")
	}
	return p, nil
}

// upgradeTarget resolves a requested engine version for an instance: no
// downgrade, and a new major version only with AllowMajorVersionUpgrade.
func upgradeTarget(i *instance, requested string, allowMajor bool) (string, error) {
	v, err := resolveVersion(i.engine, requested)
	if err != nil {
		return "", err
	}
	if compareVersions(v, i.engineVersion) < 0 {
		return "", core.BadRequest("InvalidParameterCombination", "Cannot upgrade %s from %s to %s", i.engine, i.engineVersion, v)
	}
	if majorOf(i.engine, v) != majorOf(i.engine, i.engineVersion) && !allowMajor {
		return "", core.BadRequest("InvalidParameterCombination", "The AllowMajorVersionUpgrade flag must be present when upgrading to a new major version.")
	}
	return v, nil
}

// merge lays newer changes over older pending ones.
func merge(old, changes *v1.PendingModifiedValues) *v1.PendingModifiedValues {
	if old == nil {
		return changes
	}
	m := *old
	for _, f := range []struct{ dst, src **string }{
		{&m.DBInstanceClass, &changes.DBInstanceClass}, {&m.EngineVersion, &changes.EngineVersion},
		{&m.StorageType, &changes.StorageType}, {&m.MasterUserPassword, &changes.MasterUserPassword},
	} {
		if *f.src != nil {
			*f.dst = *f.src
		}
	}
	if changes.AllocatedStorage != nil {
		m.AllocatedStorage = changes.AllocatedStorage
	}
	if changes.BackupRetentionPeriod != nil {
		m.BackupRetentionPeriod = changes.BackupRetentionPeriod
	}
	if changes.MultiAZ != nil {
		m.MultiAZ = changes.MultiAZ
	}
	return &m
}
