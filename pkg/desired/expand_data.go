package desired

import (
	"slices"
	"strings"
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
// connection_string once the instance exists.
func (x *expander) secrets() {
	for _, k := range sortedKeys(x.env.Secrets) {
		s := x.env.Secrets[k]
		a := secretAddr(k)
		fields := map[string]any{
			"name":        s.Name,
			"description": s.Description,
			"kms_key_id":  s.KMSKey,
			"source":      s.Source,
			"keys":        toSet(s.Keys),
		}
		if s.Source == SourceDatabase && x.env.Database != nil {
			fields["generate_password"] = map[string]any{"length": int64(x.env.Database.PasswordLength), "exclude_punctuation": true}
		}
		r := x.add(a, "secretsmanager.secret", s.Name, fields, nil, map[string]string{"name": "a secret cannot be renamed"})
		r.Stateful = true
		if s.Source == SourceDatabase && x.env.Database != nil && x.env.Database.CredentialsSecret == k {
			x.databaseCredentials(a)
		}
	}
}

func (x *expander) databaseCredentials(secret Address) {
	d := x.env.Database
	a := secret + ".value"
	r := x.add(a, "secretsmanager.database_credentials", x.env.Secrets[strings.TrimPrefix(string(secret), "secrets.")].Name, map[string]any{
		"secret_id":   Ref{Address: secret, Attr: "arn"},
		"db_instance": ref(addrDB),
		"username":    d.Username,
		"database":    d.DatabaseName,
		"sslmode":     "require", // errata 6: RDS PostgreSQL 15+ forces TLS
		"keys":        toSet(DatabaseSecretKeys),
	}, []Address{secret, addrDB}, nil)
	r.Stateful = true
}

func (x *expander) certificates() {
	for _, k := range sortedKeys(x.env.Certificates) {
		c := x.env.Certificates[k]
		a := Address("certificate." + k)
		x.add(a, "acm.certificate", c.Domain, map[string]any{
			"domain_name":               c.Domain,
			"subject_alternative_names": toSet(c.SubjectAlternativeNames),
			"validation_method":         strings.ToUpper(c.Validation),
		}, nil, map[string]string{
			"domain_name":               "a certificate's names cannot be changed; a new one is requested",
			"subject_alternative_names": "a certificate's names cannot be changed; a new one is requested",
			"validation_method":         "a certificate's validation method cannot be changed",
		})
	}
}

func toSet(s []string) Set {
	out := Set{}
	for _, v := range slices.Sorted(slices.Values(s)) {
		out = append(out, v)
	}
	return out
}
