package rds

import (
	"time"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/rds"
)

// instance is one DB instance. Its status moves lazily with the fake clock
// (tick): creating → backing-up → available, modifying → available,
// deleting → gone; each step takes Timing.DBInstance.
type instance struct {
	id, arn, resourceID, region  string
	class, engine, engineVersion string
	masterUsername, dbName       string
	password                     string // kept to compare, never returned
	storage                      int64
	storageType                  string
	port                         int64
	multiAZ, public              bool
	deletionProtection           bool
	backupRetention              int64
	subnetGroup, paramGroup      string
	securityGroups               []string
	tags                         []*v1.Tag
	created                      time.Time

	maxStorage        int64 // storage autoscaling ceiling; 0: off
	autoMinorUpgrade  bool
	maintenanceWindow string // ddd:hh24:mi-ddd:hh24:mi
	backupWindow      string // hh24:mi-hh24:mi

	status string
	since  time.Time // when status began
	// pending holds the changes not applied yet: those waiting for the
	// maintenance window, or for the end of "modifying".
	pending *v1.PendingModifiedValues
	// applyAtEnd says the pending changes apply when "modifying" ends.
	applyAtEnd bool
	// deferredSince is when changes began waiting for the maintenance
	// window (zero: none wait); they apply at the window's next start.
	deferredSince time.Time
	params        paramApply
}

// step advances one transition if its time has come and reports whether
// the instance still exists.
func (i *instance) step(now time.Time, d time.Duration) (changed, exists bool) {
	if i.status == "available" {
		return i.maintain(now), true
	}
	if now.Before(i.since.Add(d)) {
		return false, true
	}
	next := i.since.Add(d)
	switch i.status {
	case "creating":
		i.status, i.since = "backing-up", next
	case "backing-up":
		i.status, i.since, i.pending = "available", next, nil
	case "modifying", "resetting-master-credentials":
		i.status, i.since = "available", next
		if i.applyAtEnd {
			i.apply(i.pending)
			i.pending, i.applyAtEnd = nil, false
		} else if i.pending != nil {
			i.pending.MasterUserPassword = nil
			if isEmpty(i.pending) {
				i.pending = nil
			}
		}
	case "rebooting":
		i.status, i.since = "available", next
		i.params.rebooted()
	case "deleting":
		return true, false
	default:
		return false, true
	}
	return true, true
}

// maintain starts the deferred changes when the maintenance window opens:
// the instance is "modifying" from the window's start and they apply when
// that ends, as with ApplyImmediately.
func (i *instance) maintain(now time.Time) bool {
	if i.deferredSince.IsZero() {
		return false
	}
	due := nextWindow(i.maintenanceWindow, i.deferredSince)
	if now.Before(due) {
		return false
	}
	if due.Before(i.since) {
		due = i.since
	}
	i.status, i.since, i.applyAtEnd, i.deferredSince = "modifying", due, true, time.Time{}
	return true
}

// apply makes pending changes live.
func (i *instance) apply(p *v1.PendingModifiedValues) {
	if p == nil {
		return
	}
	if p.DBInstanceClass != nil {
		i.class = *p.DBInstanceClass
	}
	if p.AllocatedStorage != nil {
		i.storage = *p.AllocatedStorage
	}
	if p.EngineVersion != nil {
		i.engineVersion = *p.EngineVersion
	}
	if p.MultiAZ != nil {
		i.multiAZ = *p.MultiAZ
	}
	if p.StorageType != nil {
		i.storageType = *p.StorageType
	}
	if p.BackupRetentionPeriod != nil {
		i.backupRetention = *p.BackupRetentionPeriod
	}
}

func isEmpty(p *v1.PendingModifiedValues) bool {
	return p.DBInstanceClass == nil && p.AllocatedStorage == nil && p.EngineVersion == nil &&
		p.MultiAZ == nil && p.StorageType == nil && p.BackupRetentionPeriod == nil && p.MasterUserPassword == nil
}

// tick brings every instance up to the clock. The caller holds s.mu.
func (s *Service) tick() {
	now := s.env.Clock.Now()
	for id, i := range s.instances {
		i.params.settle(now, s.env.Timing.DBInstance)
		for {
			changed, exists := i.step(now, s.env.Timing.DBInstance)
			if !exists {
				delete(s.instances, id)
				break
			}
			if !changed {
				break
			}
		}
	}
}

// view is the instance as DescribeDBInstances shows it. The endpoint exists
// once creation is past "creating"; the password never appears.
func (s *Service) view(i *instance) *v1.DBInstance {
	out := &v1.DBInstance{
		DBInstanceIdentifier:       aws.String(i.id),
		DBInstanceArn:              aws.String(i.arn),
		DbiResourceId:              aws.String(i.resourceID),
		DBInstanceClass:            aws.String(i.class),
		Engine:                     aws.String(i.engine),
		EngineVersion:              aws.String(i.engineVersion),
		DBInstanceStatus:           aws.String(i.status),
		MasterUsername:             aws.String(i.masterUsername),
		DBName:                     strOrNil(i.dbName),
		AllocatedStorage:           aws.Int64(i.storage),
		StorageType:                aws.String(i.storageType),
		MultiAZ:                    aws.Bool(i.multiAZ),
		PubliclyAccessible:         aws.Bool(i.public),
		DeletionProtection:         aws.Bool(i.deletionProtection),
		BackupRetentionPeriod:      aws.Int64(i.backupRetention),
		AvailabilityZone:           aws.String(i.region + "a"),
		InstanceCreateTime:         aws.Time(i.created),
		AutoMinorVersionUpgrade:    aws.Bool(i.autoMinorUpgrade),
		StorageEncrypted:           aws.Bool(false),
		MaxAllocatedStorage:        int64OrNil(i.maxStorage),
		PreferredMaintenanceWindow: aws.String(i.maintenanceWindow),
		PreferredBackupWindow:      aws.String(i.backupWindow),
		DBParameterGroups: []*v1.DBParameterGroupStatus{{
			DBParameterGroupName: aws.String(i.paramGroup), ParameterApplyStatus: aws.String(i.params.status()),
		}},
		// Copies: the response is encoded after the lock is released.
		PendingModifiedValues: &v1.PendingModifiedValues{},
		TagList:               append([]*v1.Tag{}, i.tags...),
	}
	if i.pending != nil {
		p := *i.pending
		out.PendingModifiedValues = &p
	}
	if i.status != "creating" {
		out.Endpoint = &v1.Endpoint{
			Address:      aws.String(i.id + "." + s.hash + "." + i.region + ".rds.amazonaws.com"),
			Port:         aws.Int64(i.port),
			HostedZoneId: aws.String("Z2R2ITUGPM61AM"),
		}
	}
	for _, sg := range i.securityGroups {
		out.VpcSecurityGroups = append(out.VpcSecurityGroups, &v1.VpcSecurityGroupMembership{
			VpcSecurityGroupId: aws.String(sg), Status: aws.String("active"),
		})
	}
	if g, ok := s.subnetGroups[i.subnetGroup]; ok {
		out.DBSubnetGroup = g.view()
	}
	return out
}

func int64OrNil(n int64) *int64 {
	if n == 0 {
		return nil
	}
	return aws.Int64(n)
}
