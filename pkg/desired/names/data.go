package names

import (
	"fmt"
	"slices"
	"strings"
)

// Kinds of the data tier.
const (
	KindDBSubnetGroup       = "rds.db_subnet_group"
	KindDBParameterGroup    = "rds.db_parameter_group"
	KindDBInstance          = "rds.db_instance"
	KindSecret              = "secretsmanager.secret"
	KindDatabaseCredentials = "secretsmanager.database_credentials"
	KindCertificate         = "acm.certificate"
)

// Attributes (reconcile.Live.Attrs) of a certificate that the daemon's
// metrics read: its expiry, RFC 3339 in UTC, and, while it waits for DNS
// validation, the names of the validation CNAMEs still to create,
// comma-separated.
const (
	AttrCertificateNotAfter          = "not_after"
	AttrCertificateValidationRecords = "validation_record_names"
)

// Tags a secret carries besides the identity: what the file declares about
// its value, recorded on the secret itself so that Observe can report the
// source, the declared keys and the password policy (none of which AWS
// stores otherwise) without reading the value, and so that a person in the
// console sees who writes it. Keys are listed sorted, separated by spaces
// (a JSON key of the file is [A-Za-z0-9_.-], all allowed in tag values).
const (
	TagSecretSource   = "everruns:secret-source"
	TagSecretKeys     = "everruns:secret-keys"
	TagPasswordPolicy = "everruns:password-policy"
)

// Field names of the data tier's kinds (docs/resources.md).
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
	Secret = kind[struct {
		Name             string `field:"name"`
		Description      string `field:"description"`
		KMSKeyID         string `field:"kms_key_id"`
		Source           string `field:"source"`
		Keys             string `field:"keys"`
		GeneratePassword string `field:"generate_password"`
		Tags             string `field:"tags"`
	}](KindSecret)
	DatabaseCredentials = kind[struct {
		SecretID   string `field:"secret_id"`
		DBInstance string `field:"db_instance"`
		Username   string `field:"username"`
		Database   string `field:"database"`
		SSLMode    string `field:"sslmode"`
		Keys       string `field:"keys"`
		Tags       string `field:"tags"`
	}](KindDatabaseCredentials)
	Certificate = kind[struct {
		DomainName              string `field:"domain_name"`
		SubjectAlternativeNames string `field:"subject_alternative_names"`
		ValidationMethod        string `field:"validation_method"`
		Tags                    string `field:"tags"`
	}](KindCertificate)
)

// GeneratePassword holds the keys of Secret.GeneratePassword.
var GeneratePassword = fields[struct {
	Length             string `field:"length"`
	ExcludePunctuation string `field:"exclude_punctuation"`
}]()

// SecretKeysTag is the value of TagSecretKeys: the keys, sorted, separated
// by spaces.
func SecretKeysTag(keys []string) string {
	return strings.Join(slices.Sorted(slices.Values(keys)), " ")
}

// PasswordPolicyTag is the value of TagPasswordPolicy, such as
// "length=32 exclude_punctuation=true"; ParsePasswordPolicyTag reads it
// back as the generate_password field's map.
func PasswordPolicyTag(length int64, excludePunctuation bool) string {
	return fmt.Sprintf("%s=%d %s=%t", GeneratePassword.Length, length, GeneratePassword.ExcludePunctuation, excludePunctuation)
}

// ParsePasswordPolicyTag is the inverse of PasswordPolicyTag; ok is false
// for a value it did not write.
func ParsePasswordPolicyTag(v string) (policy map[string]any, ok bool) {
	var length int64
	var exclude bool
	format := GeneratePassword.Length + "=%d " + GeneratePassword.ExcludePunctuation + "=%t"
	if n, err := fmt.Sscanf(v, format, &length, &exclude); err != nil || n != 2 || PasswordPolicyTag(length, exclude) != v {
		return nil, false
	}
	return map[string]any{GeneratePassword.Length: length, GeneratePassword.ExcludePunctuation: exclude}, true
}
