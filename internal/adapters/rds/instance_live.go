package rds

import (
	"fmt"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// Parameter apply statuses of DBParameterGroupStatus.
const (
	statusPendingReboot = "pending-reboot"
	statusApplying      = "applying"
)

// instanceLive is the instance in the file's vocabulary. Two fields are
// reported as the file's recorded value when AWS's own behaviour explains
// the difference, since that is not drift: a newer minor version of the
// same major under auto minor upgrades, and storage grown by autoscaling
// within its ceiling. A Note keeps what AWS really runs.
func instanceLive(i types.DBInstance) reconcile.Live {
	tags := tagMap(i.TagList)
	rec := readRecorded(tags)
	l := reconcile.Live{
		ID:      aws.ToString(i.DBInstanceIdentifier),
		Fields:  instanceFields(i),
		Attrs:   instanceAttrs(i),
		Ready:   aws.ToString(i.DBInstanceStatus) == "available",
		Status:  aws.ToString(i.DBInstanceStatus),
		Pending: pendingOf(i.PendingModifiedValues),
	}
	for f, v := range rec {
		l.Fields[f] = v
	}
	l.Fields[dbf.Tags] = observedTags(tags)
	l.Fields[dbf.EngineVersion], l.Notes = normalVersion(i, rec, l.Notes)
	l.Fields[dbf.AllocatedStorage], l.Notes = normalStorage(i, rec, l.Notes)
	l.Notes = parameterStatus(l, rec[dbf.AllowReboot] == true)
	return l
}

func instanceFields(i types.DBInstance) map[string]any {
	groups := make([]string, 0, len(i.VpcSecurityGroups))
	for _, g := range i.VpcSecurityGroups {
		if aws.ToString(g.Status) != "removing" {
			groups = append(groups, aws.ToString(g.VpcSecurityGroupId))
		}
	}
	f := map[string]any{
		dbf.Identifier:                 aws.ToString(i.DBInstanceIdentifier),
		dbf.Engine:                     aws.ToString(i.Engine),
		dbf.InstanceClass:              aws.ToString(i.DBInstanceClass),
		dbf.StorageType:                aws.ToString(i.StorageType),
		dbf.MaxAllocatedStorage:        int64(aws.ToInt32(i.MaxAllocatedStorage)),
		dbf.StorageEncrypted:           aws.ToBool(i.StorageEncrypted),
		dbf.MultiAZ:                    aws.ToBool(i.MultiAZ),
		dbf.PubliclyAccessible:         aws.ToBool(i.PubliclyAccessible),
		dbf.DBName:                     aws.ToString(i.DBName),
		dbf.MasterUsername:             aws.ToString(i.MasterUsername),
		dbf.VPCSecurityGroupIDs:        groups,
		dbf.BackupRetentionPeriod:      int64(aws.ToInt32(i.BackupRetentionPeriod)),
		dbf.BackupWindow:               aws.ToString(i.PreferredBackupWindow),
		dbf.MaintenanceWindow:          aws.ToString(i.PreferredMaintenanceWindow),
		dbf.DeletionProtection:         aws.ToBool(i.DeletionProtection),
		dbf.PerformanceInsightsEnabled: aws.ToBool(i.PerformanceInsightsEnabled),
		dbf.AutoMinorVersionUpgrade:    aws.ToBool(i.AutoMinorVersionUpgrade),
	}
	if i.DBSubnetGroup != nil {
		f[dbf.DBSubnetGroupName] = aws.ToString(i.DBSubnetGroup.DBSubnetGroupName)
	}
	if len(i.DBParameterGroups) > 0 {
		f[dbf.ParameterGroupName] = aws.ToString(i.DBParameterGroups[0].DBParameterGroupName)
		f[dbf.ParameterApplyStatus] = aws.ToString(i.DBParameterGroups[0].ParameterApplyStatus)
	}
	return f
}

// instanceAttrs are what refs and the update read: the endpoint for the
// credentials secret, and the real version and storage behind the
// normalised fields.
func instanceAttrs(i types.DBInstance) map[string]string {
	a := map[string]string{
		"arn":               aws.ToString(i.DBInstanceArn),
		"resource_id":       aws.ToString(i.DbiResourceId),
		"engine_version":    aws.ToString(i.EngineVersion),
		"allocated_storage": strconv.Itoa(int(aws.ToInt32(i.AllocatedStorage))),
	}
	if i.Endpoint != nil {
		a["address"] = aws.ToString(i.Endpoint.Address)
		a["port"] = strconv.Itoa(int(aws.ToInt32(i.Endpoint.Port)))
	}
	return a
}

// pendingOf maps PendingModifiedValues by field name. A pending password
// has no field (the secret's ARN does not change) and is not listed.
func pendingOf(p *types.PendingModifiedValues) map[string]any {
	out := map[string]any{}
	if p == nil {
		return out
	}
	if p.DBInstanceClass != nil {
		out[dbf.InstanceClass] = *p.DBInstanceClass
	}
	if p.AllocatedStorage != nil {
		out[dbf.AllocatedStorage] = int64(*p.AllocatedStorage)
	}
	if p.EngineVersion != nil {
		out[dbf.EngineVersion] = *p.EngineVersion
	}
	if p.MultiAZ != nil {
		out[dbf.MultiAZ] = *p.MultiAZ
	}
	if p.StorageType != nil {
		out[dbf.StorageType] = *p.StorageType
	}
	if p.BackupRetentionPeriod != nil {
		out[dbf.BackupRetentionPeriod] = int64(*p.BackupRetentionPeriod)
	}
	return out
}

func normalVersion(i types.DBInstance, rec map[string]any, notes []string) (any, []string) {
	live := aws.ToString(i.EngineVersion)
	file, ok := rec[dbf.EngineVersion].(string)
	if !ok || file == live || !satisfies(live, file, aws.ToBool(i.AutoMinorVersionUpgrade)) {
		return live, notes
	}
	return file, append(notes, fmt.Sprintf("engine version %s runs as %s", file, live))
}

func normalStorage(i types.DBInstance, rec map[string]any, notes []string) (any, []string) {
	live, ceiling := int64(aws.ToInt32(i.AllocatedStorage)), int64(aws.ToInt32(i.MaxAllocatedStorage))
	file, ok := rec[dbf.AllocatedStorage].(int64)
	if !ok || file >= live || ceiling == 0 || live > ceiling {
		return live, notes
	}
	return file, append(notes, fmt.Sprintf("storage autoscaled to %d GiB (file %d GiB, ceiling %d GiB)", live, file, ceiling))
}

// parameterStatus says what waits on the parameter group: dynamic
// parameters being applied are pending on AWS's side; static ones wait
// for a reboot, which is pending too unless apply may reboot.
func parameterStatus(l reconcile.Live, mayReboot bool) []string {
	switch l.Fields[dbf.ParameterApplyStatus] {
	case statusApplying:
		l.Pending[dbf.ParameterApplyStatus] = desired.ParameterApplyStatusInSync
	case statusPendingReboot:
		if !mayReboot {
			l.Pending[dbf.ParameterApplyStatus] = desired.ParameterApplyStatusInSync
			return append(l.Notes, "static parameters wait for a reboot; allow_reboot is false, so reboot the instance by hand or set it to true")
		}
		return append(l.Notes, "static parameters wait for a reboot; apply reboots the instance (allow_reboot)")
	}
	return l.Notes
}
