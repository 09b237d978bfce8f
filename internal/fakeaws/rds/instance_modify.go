package rds

import (
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/rds"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// modifyDBInstance follows
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html
// Class, storage, engine version, Multi-AZ, storage type and backup
// retention are "pending" changes: with ApplyImmediately the instance goes
// through "modifying" and they apply when it ends; without, they wait in
// PendingModifiedValues for the maintenance window, which this fake never
// reaches. A new password applies as soon as possible either way
// ("resetting-master-credentials"). Security groups, deletion protection and
// public access apply at once.
func (s *Service) modifyDBInstance(r *core.Request) (any, error) {
	var in v1.ModifyDBInstanceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if in.MasterUserPassword != nil {
		if err := validatePassword(*in.MasterUserPassword); err != nil {
			return nil, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tick()
	i, err := s.available(aws.StringValue(in.DBInstanceIdentifier))
	if err != nil {
		return nil, err
	}
	if in.DBParameterGroupName != nil {
		pg := strings.ToLower(*in.DBParameterGroupName)
		if _, ok := s.paramGroups[pg]; !ok {
			return nil, paramGroupNotFound(pg)
		}
		i.paramGroup = pg
	}
	if in.VpcSecurityGroupIds != nil {
		i.securityGroups = aws.StringValueSlice(in.VpcSecurityGroupIds)
	}
	if in.DeletionProtection != nil {
		i.deletionProtection = *in.DeletionProtection
	}
	if in.PubliclyAccessible != nil {
		i.public = *in.PubliclyAccessible
	}
	changes := pendingChanges(i, &in)
	now := s.env.Clock.Now()
	switch {
	case !isEmpty(changes) && aws.BoolValue(in.ApplyImmediately):
		i.pending, i.applyAtEnd = merge(i.pending, changes), true
		i.status, i.since = "modifying", now
	case !isEmpty(changes):
		i.pending = merge(i.pending, changes)
		if changes.MasterUserPassword != nil {
			i.status, i.since = "resetting-master-credentials", now
		}
	}
	if in.MasterUserPassword != nil {
		i.password = *in.MasterUserPassword
	}
	return &v1.ModifyDBInstanceOutput{DBInstance: s.view(i)}, nil
}

// pendingChanges keeps the requested values that differ from the live ones.
func pendingChanges(i *instance, in *v1.ModifyDBInstanceInput) *v1.PendingModifiedValues {
	p := &v1.PendingModifiedValues{}
	if in.DBInstanceClass != nil && *in.DBInstanceClass != i.class {
		p.DBInstanceClass = in.DBInstanceClass
	}
	if in.AllocatedStorage != nil && *in.AllocatedStorage != i.storage {
		p.AllocatedStorage = in.AllocatedStorage
	}
	if in.EngineVersion != nil && *in.EngineVersion != i.engineVersion {
		p.EngineVersion = in.EngineVersion
	}
	if in.MultiAZ != nil && *in.MultiAZ != i.multiAZ {
		p.MultiAZ = in.MultiAZ
	}
	if in.StorageType != nil && *in.StorageType != i.storageType {
		p.StorageType = in.StorageType
	}
	if in.BackupRetentionPeriod != nil && *in.BackupRetentionPeriod != i.backupRetention {
		p.BackupRetentionPeriod = in.BackupRetentionPeriod
	}
	if in.MasterUserPassword != nil {
		p.MasterUserPassword = aws.String("****")
	}
	return p
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

// deleteDBInstance follows
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DeleteDBInstance.html
// A final snapshot needs FinalDBSnapshotIdentifier unless SkipFinalSnapshot,
// and not both (InvalidParameterCombination); deletion protection refuses
// (InvalidParameterCombination); the instance must be available
// (InvalidDBInstanceState). It is "deleting", then gone.
func (s *Service) deleteDBInstance(r *core.Request) (any, error) {
	var in v1.DeleteDBInstanceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	skip, final := aws.BoolValue(in.SkipFinalSnapshot), aws.StringValue(in.FinalDBSnapshotIdentifier)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tick()
	id := strings.ToLower(aws.StringValue(in.DBInstanceIdentifier))
	i, ok := s.instances[id]
	if !ok {
		return nil, instanceNotFound(id)
	}
	switch {
	case i.deletionProtection:
		return nil, core.BadRequest("InvalidParameterCombination", "Cannot delete protected DB Instance, please disable deletion protection and try again.")
	case !skip && final == "":
		return nil, core.BadRequest("InvalidParameterCombination", "FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.")
	case skip && final != "":
		return nil, core.BadRequest("InvalidParameterCombination", "Cannot specify a final snapshot identifier when SkipFinalSnapshot is true.")
	}
	if _, err := s.available(id); err != nil {
		return nil, err
	}
	i.status, i.since = "deleting", s.env.Clock.Now()
	return &v1.DeleteDBInstanceOutput{DBInstance: s.view(i)}, nil
}

// available returns the instance if it exists and is available; otherwise
// DBInstanceNotFound or InvalidDBInstanceState. The caller holds s.mu.
func (s *Service) available(id string) (*instance, error) {
	id = strings.ToLower(id)
	i, ok := s.instances[id]
	if !ok {
		return nil, instanceNotFound(id)
	}
	if i.status != "available" {
		return nil, core.BadRequest("InvalidDBInstanceState", "Database instance is not in available state.")
	}
	return i, nil
}
