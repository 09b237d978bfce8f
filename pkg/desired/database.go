package desired

// Database is the RDS PostgreSQL instance. Its master password is generated
// in AWS and kept in the secret named by credentials_secret, never here.
type Database struct {
	// RDS identifier. Default "everruns-<env>". Letters, digits, hyphens;
	// starts with a letter; at most 63 characters; no "--" or trailing "-".
	Identifier string `yaml:"identifier,omitempty" json:"identifier,omitempty"`
	// Engine. Only "postgres" is supported. Default "postgres".
	Engine string `yaml:"engine,omitempty" json:"engine,omitempty"`
	// Engine version: a major version ("16", AWS picks its default minor)
	// or a minor one ("16.4"). Its major version picks the parameter group
	// family (postgres16). Never lowered: a downgrade is refused.
	EngineVersion string `yaml:"engine_version" json:"engine_version"`
	// Instance class, e.g. "db.t4g.micro".
	InstanceClass string `yaml:"instance_class" json:"instance_class"`
	// gp2, gp3, io1 or io2. Default gp3.
	StorageType string `yaml:"storage_type,omitempty" json:"storage_type,omitempty"`
	// Allocated storage in GiB (20–65536). Default 20. Only grows: RDS
	// cannot shrink storage, so a decrease is refused.
	AllocatedStorageGB int `yaml:"allocated_storage_gb,omitempty" json:"allocated_storage_gb,omitempty"`
	// Storage autoscaling ceiling in GiB; 0 turns autoscaling off.
	MaxAllocatedStorageGB int `yaml:"max_allocated_storage_gb,omitempty" json:"max_allocated_storage_gb,omitempty"`
	// Encrypt storage at rest. Default true (cannot change in place).
	StorageEncrypted *bool `yaml:"storage_encrypted,omitempty" json:"storage_encrypted,omitempty"`
	// Standby in a second zone. Default false (the seed's cost choice).
	MultiAZ bool `yaml:"multi_az,omitempty" json:"multi_az,omitempty"`
	// Reachable from the internet. Default false.
	PubliclyAccessible bool `yaml:"publicly_accessible,omitempty" json:"publicly_accessible,omitempty"`
	// Name of the database created in the instance. Default "everruns".
	DatabaseName string `yaml:"database_name,omitempty" json:"database_name,omitempty"`
	// Master user name. Default "everruns_admin".
	Username string `yaml:"username,omitempty" json:"username,omitempty"`
	// Secret (key under secrets:) that holds the generated credentials; its
	// source must be "database". Default "database".
	CredentialsSecret string `yaml:"credentials_secret,omitempty" json:"credentials_secret,omitempty"`
	// Length of the generated password (16–128). Default 32. Punctuation is
	// excluded so the password is safe inside a connection string URL.
	PasswordLength int `yaml:"password_length,omitempty" json:"password_length,omitempty"`
	// Days of automated backups (0–35). Default 7.
	BackupRetentionDays *int `yaml:"backup_retention_days,omitempty" json:"backup_retention_days,omitempty"`
	// Daily backup window, UTC, "hh:mm-hh:mm", at least 30 minutes.
	// Default "03:00-04:00".
	BackupWindow string `yaml:"backup_window,omitempty" json:"backup_window,omitempty"`
	// Weekly maintenance window, UTC, "ddd:hh:mm-ddd:hh:mm", at least 30
	// minutes, not overlapping the backup window. Default "Mon:04:00-Mon:05:00".
	MaintenanceWindow string `yaml:"maintenance_window,omitempty" json:"maintenance_window,omitempty"`
	// Take a final snapshot if the instance is ever deleted. Default true.
	FinalSnapshot *bool `yaml:"final_snapshot,omitempty" json:"final_snapshot,omitempty"`
	// Deletion protection. Default true.
	DeletionProtection *bool `yaml:"deletion_protection,omitempty" json:"deletion_protection,omitempty"`
	// Performance Insights. Default false (the seed's cost choice).
	PerformanceInsights bool `yaml:"performance_insights,omitempty" json:"performance_insights,omitempty"`
	// Parameters of the instance's parameter group, e.g. rds.force_ssl: "1".
	// Default {rds.force_ssl: "1"} (what PostgreSQL 15+ on RDS does anyway).
	Parameters map[string]string `yaml:"parameters,omitempty" json:"parameters,omitempty"`
	// Security groups (keys under security_groups:). Default [rds].
	SecurityGroups []string `yaml:"security_groups,omitempty" json:"security_groups,omitempty"`
	// Let AWS upgrade minor versions in the maintenance window. Default
	// true; a live minor version newer than engine_version is then not drift.
	AutoMinorVersionUpgrade *bool `yaml:"auto_minor_version_upgrade,omitempty" json:"auto_minor_version_upgrade,omitempty"`
	// Apply changes at once instead of in the next maintenance window.
	// Default false: a change waits for the window and is reported as
	// pending meanwhile (deletion protection, security groups, public
	// access and retention between two non-zero values apply at once anyway,
	// as AWS does).
	ApplyImmediately bool `yaml:"apply_immediately,omitempty" json:"apply_immediately,omitempty"`
	// Let apply reboot the instance so that static parameters waiting for a
	// reboot take effect. Default false: they are reported as pending.
	AllowReboot bool `yaml:"allow_reboot,omitempty" json:"allow_reboot,omitempty"`
}
