package desired

import (
	"regexp"
	"strings"
)

var (
	rdsIdentifier = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9-]{0,62}$`)
	dbName        = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9_]{0,62}$`)
	engineVersion = regexp.MustCompile(`^(\d+)(\.\d+)?$`)
)

var storageTypes = map[string]bool{"gp2": true, "gp3": true, "io1": true, "io2": true}

func (v *validator) database() {
	d := v.env.Database
	if d == nil {
		return
	}
	const p = "database."
	if !rdsIdentifier.MatchString(d.Identifier) || strings.Contains(d.Identifier, "--") || strings.HasSuffix(d.Identifier, "-") {
		v.errorf(p+"identifier", "RDS identifier %q: 1–63 letters, digits or hyphens, starting with a letter, no \"--\", not ending with \"-\"", d.Identifier)
	}
	if d.Engine != "postgres" {
		v.errorf(p+"engine", "engine %q: only postgres is supported", d.Engine)
	}
	switch {
	case !engineVersion.MatchString(d.EngineVersion):
		v.errorf(p+"engine_version", "engine_version %q: use a PostgreSQL major version such as \"16\"", d.EngineVersion)
	case !engineVersionOrderable(d.EngineVersion):
		// Errata 18: a retired minor (the seed's 16.3) or an unknown major
		// fails at CreateDBInstance, after the network and secrets exist.
		v.errorf(p+"engine_version", "engine_version %q cannot be created on RDS for PostgreSQL (as of %s); name the major version (%s) and let RDS pick its minor, or one of the minors %s (errata 18)",
			d.EngineVersion, orderableAsOf, strings.Join(orderableMajors, ", "), strings.Join(orderableMinors, ", "))
	}
	if d.Parameters["rds.force_ssl"] == "0" {
		// Errata 6: PostgreSQL 15+ on RDS forces TLS by default; the file's
		// connection strings (sslmode=require) and Temporal's SQL_TLS
		// settings are written for it. Turning it off lets a client that
		// forgot TLS send the password in clear.
		v.errorf(p+"parameters.rds.force_ssl", "rds.force_ssl \"0\" lets clients connect without TLS and send the database password in clear; keep \"1\" (the RDS default from PostgreSQL 15) and have every client use TLS (errata 6)")
	}
	if !strings.HasPrefix(d.InstanceClass, "db.") || strings.Count(d.InstanceClass, ".") != 2 {
		v.errorf(p+"instance_class", "instance_class %q: use an RDS class such as db.t4g.micro", d.InstanceClass)
	}
	if !storageTypes[d.StorageType] {
		v.errorf(p+"storage_type", "storage_type %q: use gp2, gp3, io1 or io2", d.StorageType)
	}
	if d.AllocatedStorageGB < 20 || d.AllocatedStorageGB > 65536 {
		v.errorf(p+"allocated_storage_gb", "allocated_storage_gb %d: RDS PostgreSQL takes 20–65536 GiB", d.AllocatedStorageGB)
	}
	if d.MaxAllocatedStorageGB != 0 && d.MaxAllocatedStorageGB <= d.AllocatedStorageGB {
		v.errorf(p+"max_allocated_storage_gb", "max_allocated_storage_gb %d must exceed allocated_storage_gb %d (or be 0 to turn autoscaling off)", d.MaxAllocatedStorageGB, d.AllocatedStorageGB)
	}
	if !dbName.MatchString(d.DatabaseName) {
		v.errorf(p+"database_name", "database_name %q: letters, digits and underscores, starting with a letter", d.DatabaseName)
	}
	if !dbName.MatchString(d.Username) || d.Username == "postgres" || d.Username == "rdsadmin" {
		v.errorf(p+"username", "username %q: letters, digits and underscores, starting with a letter, not a reserved name", d.Username)
	}
	if d.PasswordLength < 16 || d.PasswordLength > 128 {
		v.errorf(p+"password_length", "password_length %d: use 16–128 (RDS accepts at most 128)", d.PasswordLength)
	}
	if r := *d.BackupRetentionDays; r < 0 || r > 35 {
		v.errorf(p+"backup_retention_days", "backup_retention_days %d: RDS keeps 0–35 days", r)
	}
	v.windows(d)
	v.databaseRefs(d)
	if d.PubliclyAccessible {
		v.warnf(p+"publicly_accessible", "the database is reachable from the internet; the seed keeps it private")
	}
}

func (v *validator) windows(d *Database) {
	b, errB := parseBackupWindow(d.BackupWindow)
	if errB != nil {
		v.errorf("database.backup_window", "%v", errB)
	}
	m, errM := parseMaintenanceWindow(d.MaintenanceWindow)
	if errM != nil {
		v.errorf("database.maintenance_window", "%v", errM)
	}
	if errB == nil && errM == nil && overlapsDaily(m, b) {
		v.errorf("database.maintenance_window", "maintenance window %s overlaps the backup window %s", d.MaintenanceWindow, d.BackupWindow)
	}
}

func (v *validator) databaseRefs(d *Database) {
	s, ok := v.env.Secrets[d.CredentialsSecret]
	switch {
	case !ok:
		v.errorf("database.credentials_secret", "secret %q is not declared under secrets", d.CredentialsSecret)
	case s.Source != SourceDatabase:
		v.errorf("database.credentials_secret", "secret %q must have source: database to hold the generated credentials", d.CredentialsSecret)
	}
	v.groupRefs("database.security_groups", d.SecurityGroups)
	if len(zonesOf(v.env.Network.PrivateSubnets)) < 2 {
		v.errorf("network.private_subnets", "an RDS subnet group needs private subnets in at least two zones")
	}
}

func (v *validator) groupRefs(path string, groups []string) {
	for i, g := range groups {
		if _, ok := v.env.SecurityGroups[g]; !ok {
			v.errorf(path+"["+itoa(i)+"]", "security group %q is not declared under security_groups", g)
		}
	}
}

func zonesOf(subnets []Subnet) map[string]bool {
	out := map[string]bool{}
	for _, s := range subnets {
		out[s.Zone] = true
	}
	return out
}
