package rds

import (
	"strings"
	"time"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/rds"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// modifyDBInstance follows
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBInstance.html
// parameter by parameter:
//   - class, storage, storage type, engine version, Multi-AZ, and backup
//     retention to or from 0 wait in PendingModifiedValues for the next
//     PreferredMaintenanceWindow; with ApplyImmediately (which also takes
//     along the changes already waiting) the instance is "modifying" and
//     they apply when that ends;
//   - a new password is applied asynchronously as soon as possible, shown
//     in PendingModifiedValues meanwhile ("resetting-master-credentials");
//   - security groups, deletion protection, public access, backup
//     retention between two non-zero values, MaxAllocatedStorage, the
//     windows, AutoMinorVersionUpgrade and the port apply at once whatever
//     ApplyImmediately says;
//   - a new DBParameterGroupName is the instance's group at once, but its
//     parameters take effect at the next reboot (pending-reboot).
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
	if err := validateWindows(in.PreferredMaintenanceWindow, in.PreferredBackupWindow); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tick()
	i, err := s.available(aws.StringValue(in.DBInstanceIdentifier))
	if err != nil {
		return nil, err
	}
	changes, err := pendingChanges(i, &in)
	if err != nil {
		return nil, err
	}
	if err := s.applyAtOnce(i, &in); err != nil {
		return nil, err
	}
	s.schedule(i, changes, aws.BoolValue(in.ApplyImmediately))
	if in.MasterUserPassword != nil {
		i.password = *in.MasterUserPassword
	}
	return &v1.ModifyDBInstanceOutput{DBInstance: s.view(i)}, nil
}

// schedule queues the pending changes: now ("modifying"), or for the
// maintenance window; a password alone resets the credentials at once.
func (s *Service) schedule(i *instance, changes *v1.PendingModifiedValues, immediately bool) {
	now := s.env.Clock.Now()
	password := changes.MasterUserPassword != nil
	changes.MasterUserPassword = nil
	deferrable := !isEmpty(changes)
	if password {
		changes.MasterUserPassword = aws.String("****")
	}
	switch {
	case immediately && (deferrable || !i.deferredSince.IsZero()):
		i.pending, i.applyAtEnd, i.deferredSince = merge(i.pending, changes), true, time.Time{}
		i.status, i.since = "modifying", now
		return
	case deferrable && i.deferredSince.IsZero():
		i.deferredSince = now
	}
	if deferrable || password {
		i.pending = merge(i.pending, changes)
	}
	if password {
		i.status, i.since = "resetting-master-credentials", now
	}
}

// applyAtOnce makes the changes live that do not wait for ApplyImmediately
// or the maintenance window. The caller holds s.mu.
func (s *Service) applyAtOnce(i *instance, in *v1.ModifyDBInstanceInput) error {
	if in.DBParameterGroupName != nil {
		pg := strings.ToLower(*in.DBParameterGroupName)
		if _, err := s.paramGroup(pg); err != nil {
			return err
		}
		if pg != i.paramGroup {
			i.paramGroup = pg
			i.params.needReboot()
		}
	}
	if in.VpcSecurityGroupIds != nil {
		i.securityGroups = aws.StringValueSlice(in.VpcSecurityGroupIds)
	}
	setBool(&i.deletionProtection, in.DeletionProtection)
	setBool(&i.public, in.PubliclyAccessible)
	setBool(&i.autoMinorUpgrade, in.AutoMinorVersionUpgrade)
	if in.MaxAllocatedStorage != nil {
		// Setting it to the allocated storage turns autoscaling off.
		i.maxStorage = *in.MaxAllocatedStorage
		if i.maxStorage <= i.storage {
			i.maxStorage = 0
		}
	}
	if in.PreferredMaintenanceWindow != nil {
		i.maintenanceWindow = strings.ToLower(*in.PreferredMaintenanceWindow)
	}
	if in.PreferredBackupWindow != nil {
		i.backupWindow = *in.PreferredBackupWindow
	}
	if in.DBPortNumber != nil {
		i.port = *in.DBPortNumber
	}
	if r := in.BackupRetentionPeriod; r != nil && *r != 0 && i.backupRetention != 0 {
		i.backupRetention = *r
	}
	return nil
}

func setBool(dst *bool, v *bool) {
	if v != nil {
		*dst = *v
	}
}
