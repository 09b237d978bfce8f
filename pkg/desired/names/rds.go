package names

// Kinds of RDS.
const (
	KindDBSubnetGroup    = "rds.db_subnet_group"
	KindDBParameterGroup = "rds.db_parameter_group"
	KindDBInstance       = "rds.db_instance"
)

// Field names of RDS's kinds (docs/resources.md).
var (
	DBSubnetGroup = kind[struct {
		Name        string `field:"name"`
		Description string `field:"description"`
		SubnetIDs   string `field:"subnet_ids"`
		Tags        string `field:"tags"`
	}](KindDBSubnetGroup)
	DBParameterGroup = kind[struct {
		Name        string `field:"name"`
		Family      string `field:"family"`
		Description string `field:"description"`
		Parameters  string `field:"parameters"`
		Tags        string `field:"tags"`
	}](KindDBParameterGroup)
	DBInstance = kind[struct {
		Identifier                 string `field:"identifier"`
		Engine                     string `field:"engine"`
		EngineVersion              string `field:"engine_version"`
		InstanceClass              string `field:"instance_class"`
		StorageType                string `field:"storage_type"`
		AllocatedStorage           string `field:"allocated_storage"`
		MaxAllocatedStorage        string `field:"max_allocated_storage"`
		StorageEncrypted           string `field:"storage_encrypted"`
		MultiAZ                    string `field:"multi_az"`
		PubliclyAccessible         string `field:"publicly_accessible"`
		DBName                     string `field:"db_name"`
		MasterUsername             string `field:"master_username"`
		MasterPasswordSecret       string `field:"master_password_secret"`
		DBSubnetGroupName          string `field:"db_subnet_group_name"`
		ParameterGroupName         string `field:"parameter_group_name"`
		VPCSecurityGroupIDs        string `field:"vpc_security_group_ids"`
		BackupRetentionPeriod      string `field:"backup_retention_period"`
		BackupWindow               string `field:"backup_window"`
		MaintenanceWindow          string `field:"maintenance_window"`
		FinalSnapshotIdentifier    string `field:"final_snapshot_identifier"`
		DeletionProtection         string `field:"deletion_protection"`
		PerformanceInsightsEnabled string `field:"performance_insights_enabled"`
		AutoMinorVersionUpgrade    string `field:"auto_minor_version_upgrade"`
		ApplyImmediately           string `field:"apply_immediately"`
		AllowReboot                string `field:"allow_reboot"`
		ParameterApplyStatus       string `field:"parameter_apply_status"`
		Tags                       string `field:"tags"`
	}](KindDBInstance)
)
