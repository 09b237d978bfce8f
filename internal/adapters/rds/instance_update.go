package rds

import (
	"context"
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// modifiable are the fields one ModifyDBInstance changes.
var modifiable = []string{
	dbf.EngineVersion, dbf.InstanceClass, dbf.StorageType, dbf.AllocatedStorage, dbf.MaxAllocatedStorage,
	dbf.MultiAZ, dbf.PubliclyAccessible, dbf.VPCSecurityGroupIDs, dbf.BackupRetentionPeriod,
	dbf.BackupWindow, dbf.MaintenanceWindow, dbf.DeletionProtection, dbf.PerformanceInsightsEnabled,
	dbf.AutoMinorVersionUpgrade, dbf.ParameterGroupName, dbf.MasterPasswordSecret, dbf.ApplyImmediately,
}

// Update runs the instance's steps in this order: the one ModifyDBInstance
// first (it may set the parameter group a reboot then puts in effect);
// the reboot; the bookkeeping of how to change (apply_immediately,
// allow_reboot) only after the calls it governs went through, so a crash
// in between shows the change again; the tags last.
func (k instanceKind) Update(ctx context.Context, id desired.Identity, r desired.Resource, live reconcile.Live, delta drift.Delta) (reconcile.Live, error) {
	l, err := kit.Steps{
		kit.On(k.modify, modifiable...),
		kit.On(k.reboot, dbf.ParameterApplyStatus, dbf.AllowReboot),
		kit.On(k.record(dbf.FinalSnapshotIdentifier, dbf.ApplyImmediately, dbf.AllowReboot),
			dbf.FinalSnapshotIdentifier, dbf.ApplyImmediately, dbf.AllowReboot),
		kit.On(func(ctx context.Context, c kit.Change) error {
			return syncTags(ctx, k.api, c.Live.Attrs["arn"], c.Delta)
		}, dbf.Tags),
	}.Run(ctx, kit.Change{ID: id, Want: r, Live: live, Delta: delta})
	if err == nil && busyAfter(r, live, delta) {
		// The instance leaves "available" for a while (modifying,
		// resetting-master-credentials, rebooting): what depends on it
		// must wait, or its own calls meet InvalidDBInstanceState.
		l.Ready, l.Status = false, "modifying"
	}
	return l, err
}

// busyAfter says whether the update made the instance busy at once: a
// new master password (RDS applies it at once, whatever ApplyImmediately
// says), a modification applied immediately, or a reboot.
func busyAfter(r desired.Resource, live reconcile.Live, delta drift.Delta) bool {
	now, _ := kit.Bool(r.Fields, dbf.ApplyImmediately)
	reboot, _ := kit.Bool(r.Fields, dbf.AllowReboot)
	return delta.Has(dbf.MasterPasswordSecret) || now && delta.HasAny(modifiable...) ||
		reboot && live.Fields[dbf.ParameterApplyStatus] == statusPendingReboot && delta.HasAny(dbf.ParameterApplyStatus, dbf.AllowReboot)
}

// modify refuses what RDS cannot do before any call, then sends the
// changed fields in one ModifyDBInstance, immediately only if the file
// says so, and records the file's version, size and secret once AWS has
// accepted them.
func (k instanceKind) modify(ctx context.Context, c kit.Change) error {
	in, send, err := k.modifyInput(ctx, c)
	if err != nil {
		return err
	}
	if send {
		if _, err := k.api.ModifyDBInstance(ctx, in); err != nil {
			return fmt.Errorf("modify instance: %w", err)
		}
	}
	var rec []string
	for _, f := range []string{dbf.EngineVersion, dbf.AllocatedStorage, dbf.MasterPasswordSecret} {
		if c.Delta.Has(f) {
			rec = append(rec, f)
		}
	}
	return k.record(rec...)(ctx, c)
}

// modifyInput is the call for the changed fields, and whether there is
// anything to send.
func (k instanceKind) modifyInput(ctx context.Context, c kit.Change) (*rds.ModifyDBInstanceInput, bool, error) {
	r := reader{fields: c.Want.Fields}
	in := &rds.ModifyDBInstanceInput{DBInstanceIdentifier: aws.String(c.Live.ID), ApplyImmediately: r.bool(dbf.ApplyImmediately)}
	send := false
	set := func(f string, apply func()) {
		if c.Delta.Has(f) {
			apply()
			send = true
		}
	}
	set(dbf.InstanceClass, func() { in.DBInstanceClass = r.str(dbf.InstanceClass) })
	set(dbf.StorageType, func() { in.StorageType = r.str(dbf.StorageType) })
	set(dbf.MaxAllocatedStorage, func() { in.MaxAllocatedStorage = r.int32(dbf.MaxAllocatedStorage) })
	set(dbf.MultiAZ, func() { in.MultiAZ = r.bool(dbf.MultiAZ) })
	set(dbf.PubliclyAccessible, func() { in.PubliclyAccessible = r.bool(dbf.PubliclyAccessible) })
	set(dbf.VPCSecurityGroupIDs, func() { in.VpcSecurityGroupIds = r.strs(dbf.VPCSecurityGroupIDs) })
	set(dbf.BackupRetentionPeriod, func() { in.BackupRetentionPeriod = r.int32(dbf.BackupRetentionPeriod) })
	set(dbf.BackupWindow, func() { in.PreferredBackupWindow = r.str(dbf.BackupWindow) })
	set(dbf.MaintenanceWindow, func() { in.PreferredMaintenanceWindow = r.str(dbf.MaintenanceWindow) })
	set(dbf.DeletionProtection, func() { in.DeletionProtection = r.bool(dbf.DeletionProtection) })
	set(dbf.PerformanceInsightsEnabled, func() { in.EnablePerformanceInsights = r.bool(dbf.PerformanceInsightsEnabled) })
	set(dbf.AutoMinorVersionUpgrade, func() { in.AutoMinorVersionUpgrade = r.bool(dbf.AutoMinorVersionUpgrade) })
	set(dbf.ParameterGroupName, func() { in.DBParameterGroupName = r.str(dbf.ParameterGroupName) })
	if r.err != nil {
		return nil, false, r.err
	}
	storage, err := storageChange(c)
	if err != nil {
		return nil, false, err
	}
	version, err := versionChange(c)
	if err != nil {
		return nil, false, err
	}
	in.AllocatedStorage, in.EngineVersion = storage, version
	send = send || storage != nil || version != nil
	if c.Delta.Has(dbf.MasterPasswordSecret) {
		secret, err := kit.String(c.Want.Fields, dbf.MasterPasswordSecret)
		if err != nil {
			return nil, false, err
		}
		if in.MasterUserPassword, err = k.password(ctx, secret); err != nil {
			return nil, false, err
		}
		send = true
	}
	// Turning apply_immediately on applies what already waits for the
	// window: ModifyDBInstance with ApplyImmediately takes it along.
	if c.Delta.Has(dbf.ApplyImmediately) && aws.ToBool(in.ApplyImmediately) && len(c.Live.Pending) > 0 {
		send = true
	}
	return in, send, nil
}

// storageChange is the AllocatedStorage to send: nil when the file's size
// needs no call (autoscaling already went past it). A size below what the
// instance was given is refused: RDS storage only grows.
func storageChange(c kit.Change) (*int32, error) {
	if !c.Delta.Has(dbf.AllocatedStorage) {
		return nil, nil
	}
	want, err := kit.Int(c.Want.Fields, dbf.AllocatedStorage)
	if err != nil {
		return nil, err
	}
	actual, _ := strconv.ParseInt(c.Live.Attrs["allocated_storage"], 10, 64)
	reported, _ := kit.Int(c.Live.Fields, dbf.AllocatedStorage)
	ceiling, _ := kit.Int(c.Live.Fields, dbf.MaxAllocatedStorage)
	switch {
	case want < reported || want < actual && ceiling == 0:
		return nil, kit.BadInput("allocated_storage %d GiB is less than the instance's %d GiB: RDS storage can only grow", want, max(reported, actual))
	case want <= actual:
		return nil, nil
	}
	return aws.Int32(int32(want)), nil
}

// versionChange is the EngineVersion to send: nil when the running
// version already satisfies the file's. A downgrade and a major upgrade
// (which needs a new parameter group family) are refused.
func versionChange(c kit.Change) (*string, error) {
	if !c.Delta.Has(dbf.EngineVersion) {
		return nil, nil
	}
	want, err := kit.String(c.Want.Fields, dbf.EngineVersion)
	if err != nil {
		return nil, err
	}
	auto, err := kit.Bool(c.Want.Fields, dbf.AutoMinorVersionUpgrade)
	if err != nil {
		return nil, err
	}
	actual := c.Live.Attrs["engine_version"]
	switch {
	case downgrade(actual, want):
		return nil, kit.BadInput("engine_version %s is older than the running %s: RDS cannot downgrade; restore a snapshot to a new instance to go back", want, actual)
	case major(want) != major(actual):
		return nil, kit.BadInput("engine_version %s is a major upgrade from %s: it needs a parameter group of the new family; upgrade by hand", want, actual)
	case satisfies(actual, want, auto):
		return nil, nil
	}
	return aws.String(want), nil
}

// reboot puts static parameters in effect, only when the file allows it.
func (k instanceKind) reboot(ctx context.Context, c kit.Change) error {
	allowed, err := kit.Bool(c.Want.Fields, dbf.AllowReboot)
	if err != nil || !allowed || c.Live.Fields[dbf.ParameterApplyStatus] != statusPendingReboot {
		return err
	}
	if _, err := k.api.RebootDBInstance(ctx, &rds.RebootDBInstanceInput{DBInstanceIdentifier: aws.String(c.Live.ID)}); err != nil {
		return fmt.Errorf("reboot instance: %w", err)
	}
	return nil
}

// record writes the bookkeeping tags of fields that the change names.
func (k instanceKind) record(fields ...string) func(context.Context, kit.Change) error {
	return func(ctx context.Context, c kit.Change) error {
		var changed []string
		for _, f := range fields {
			if c.Delta.Has(f) {
				changed = append(changed, f)
			}
		}
		if len(changed) == 0 {
			return nil
		}
		tags, err := recordTags(c.Want.Fields, changed...)
		if err != nil {
			return err
		}
		if _, err := k.api.AddTagsToResource(ctx, &rds.AddTagsToResourceInput{ResourceName: aws.String(c.Live.Attrs["arn"]), Tags: rdsTags(tags)}); err != nil {
			return fmt.Errorf("record the file's values: %w", err)
		}
		return nil
	}
}
