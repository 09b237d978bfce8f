package desired

import (
	"slices"
	"strings"

	"github.com/everruns/reconciler/pkg/desired/names"
)

const (
	addrDBSubnets = Address("database.subnet_group")
	addrDBParams  = Address("database.parameter_group")
	addrDB        = Address("database.instance")
)

func secretAddr(name string) Address { return Address("secrets." + name) }

func privateSubnetRefs(e *Environment) (Set, []Address) {
	refs, deps := Set{}, []Address{}
	for _, s := range e.Network.PrivateSubnets {
		a := subnetAddr("private", s.Zone)
		refs, deps = append(refs, ref(a)), append(deps, a)
	}
	return refs, deps
}

func groupRefs(names []string) (Set, []Address) {
	refs, deps := Set{}, []Address{}
	for _, n := range names {
		refs, deps = append(refs, ref(sgAddr(n))), append(deps, sgAddr(n))
	}
	return refs, deps
}

func (x *expander) database() {
	d := x.env.Database
	if d == nil {
		return
	}
	subnets, subnetDeps := privateSubnetRefs(x.env)
	x.add(addrDBSubnets, "rds.db_subnet_group", d.Identifier, map[string]any{
		"name":        d.Identifier,
		"description": "everruns " + x.env.Name + " database subnets",
		"subnet_ids":  subnets,
	}, subnetDeps, map[string]string{"name": "a DB subnet group cannot be renamed"})
	family := "postgres" + strings.SplitN(d.EngineVersion, ".", 2)[0]
	params := map[string]any{}
	for k, v := range d.Parameters {
		params[k] = v
	}
	x.add(addrDBParams, "rds.db_parameter_group", d.Identifier, map[string]any{
		"name":        d.Identifier + "-" + family,
		"family":      family,
		"description": "everruns " + x.env.Name + " " + family,
		"parameters":  params,
	}, nil, map[string]string{
		"name":        "a DB parameter group cannot be renamed",
		"family":      "a parameter group's family cannot be changed; a major upgrade needs a new group",
		"description": "a DB parameter group's description cannot be changed",
	})
	groups, groupDeps := groupRefs(d.SecurityGroups)
	secret := secretAddr(d.CredentialsSecret)
	finalSnapshot := ""
	if *d.FinalSnapshot {
		finalSnapshot = d.Identifier + "-final"
	}
	r := x.add(addrDB, "rds.db_instance", d.Identifier, map[string]any{
		"identifier":                   d.Identifier,
		"engine":                       d.Engine,
		"engine_version":               d.EngineVersion,
		"instance_class":               d.InstanceClass,
		"storage_type":                 d.StorageType,
		"allocated_storage":            int64(d.AllocatedStorageGB),
		"max_allocated_storage":        int64(d.MaxAllocatedStorageGB),
		"storage_encrypted":            *d.StorageEncrypted,
		"multi_az":                     d.MultiAZ,
		"publicly_accessible":          d.PubliclyAccessible,
		"db_name":                      d.DatabaseName,
		"master_username":              d.Username,
		"master_password_secret":       Ref{Address: secret, Attr: "arn"},
		"db_subnet_group_name":         ref(addrDBSubnets),
		"parameter_group_name":         ref(addrDBParams),
		"vpc_security_group_ids":       groups,
		"backup_retention_period":      int64(*d.BackupRetentionDays),
		"backup_window":                d.BackupWindow,
		"maintenance_window":           d.MaintenanceWindow,
		"final_snapshot_identifier":    finalSnapshot,
		"deletion_protection":          *d.DeletionProtection,
		"performance_insights_enabled": d.PerformanceInsights,
	}, append([]Address{addrDBSubnets, addrDBParams, secret}, groupDeps...), map[string]string{
		"identifier":        "renaming an instance changes its endpoint; the reconciler does not",
		"engine":            "an instance's engine cannot be changed",
		"storage_encrypted": "encryption at rest cannot be turned on or off in place",
		"db_name":           "the initial database name cannot be changed",
		"master_username":   "the master user name cannot be changed",
	})
	r.Stateful = true
}

// secrets: the secret itself holds the generated password from its
// creation (errata 2: no cycle with the database); for a database secret a
// second resource, secrets.<name>.value, completes host, port and
// connection_string once the instance exists. The secret's tags record
// what the file says of its value (names.TagSecretSource and siblings), so
// that Observe reports source, keys and password policy without reading
// the value.
func (x *expander) secrets() {
	for _, k := range sortedKeys(x.env.Secrets) {
		s := x.env.Secrets[k]
		a := secretAddr(k)
		fields := map[string]any{
			names.Secret.Name:        s.Name,
			names.Secret.Description: s.Description,
			names.Secret.KMSKeyID:    s.KMSKey,
			names.Secret.Source:      s.Source,
			names.Secret.Keys:        toSet(s.Keys),
		}
		r := x.add(a, names.KindSecret, s.Name, fields, nil, map[string]string{names.Secret.Name: "a secret cannot be renamed"})
		r.Stateful = true
		tags := fields[tagsField].(map[string]any)
		tags[names.TagSecretSource] = s.Source
		tags[names.TagSecretKeys] = names.SecretKeysTag(s.Keys)
		if s.Source == SourceDatabase && x.env.Database != nil {
			length := int64(x.env.Database.PasswordLength)
			// No punctuation: the password travels in a URL and RDS refuses
			// '/', '@', '"' and ' ' in it.
			fields[names.Secret.GeneratePassword] = map[string]any{
				names.GeneratePassword.Length: length, names.GeneratePassword.ExcludePunctuation: true}
			tags[names.TagPasswordPolicy] = names.PasswordPolicyTag(length, true)
		}
		if s.Source == SourceDatabase && x.env.Database != nil && x.env.Database.CredentialsSecret == k {
			x.databaseCredentials(a, s.Name)
		}
	}
}

// databaseCredentials is the completion of the database secret. It is not
// an AWS resource of its own but a view of the secret's value, so it has
// no tags of its own: the secret's are managed by secrets.<name>.
func (x *expander) databaseCredentials(secret Address, name string) {
	d := x.env.Database
	r := x.add(secret+".value", names.KindDatabaseCredentials, name, map[string]any{
		names.DatabaseCredentials.SecretID:   Ref{Address: secret, Attr: "arn"},
		names.DatabaseCredentials.DBInstance: ref(addrDB),
		names.DatabaseCredentials.Username:   d.Username,
		names.DatabaseCredentials.Database:   d.DatabaseName,
		names.DatabaseCredentials.SSLMode:    "require", // errata 6: RDS PostgreSQL 15+ forces TLS
		names.DatabaseCredentials.Keys:       toSet(DatabaseSecretKeys),
	}, []Address{secret, addrDB}, nil)
	delete(r.Fields, tagsField)
	r.Stateful = true
}

func (x *expander) certificates() {
	immutable := map[string]string{
		names.Certificate.DomainName:              "a certificate's names cannot be changed; a new one is requested",
		names.Certificate.SubjectAlternativeNames: "a certificate's names cannot be changed; a new one is requested",
		names.Certificate.ValidationMethod:        "a certificate's validation method cannot be changed",
	}
	for _, k := range sortedKeys(x.env.Certificates) {
		c := x.env.Certificates[k]
		x.add(Address("certificate."+k), names.KindCertificate, c.Domain, map[string]any{
			names.Certificate.DomainName:              c.Domain,
			names.Certificate.SubjectAlternativeNames: toSet(c.SubjectAlternativeNames),
			names.Certificate.ValidationMethod:        strings.ToUpper(c.Validation),
		}, nil, immutable)
	}
}

func toSet(s []string) Set {
	out := Set{}
	for _, v := range slices.Sorted(slices.Values(s)) {
		out = append(out, v)
	}
	return out
}
