package desired

import "fmt"

// Defaults. Each is chosen so that the seed environment, corrected by the
// errata, needs little typing; docs/environment-file.md lists them all.
const (
	DefaultProject            = "everruns"
	DefaultNATGateways        = 1 // the seed's cost choice
	DefaultEngine             = "postgres"
	DefaultStorageType        = "gp3"
	DefaultAllocatedStorageGB = 20
	DefaultDatabaseName       = "everruns"
	DefaultUsername           = "everruns_admin"
	DefaultCredentialsSecret  = "database"
	DefaultPasswordLength     = 32
	DefaultBackupRetention    = 7
	DefaultBackupWindow       = "03:00-04:00"
	DefaultMaintenanceWindow  = "Mon:04:00-Mon:05:00"
	DefaultLogRetentionDays   = 30
	DefaultNamespace          = "everruns.local"
	DefaultSSLPolicy          = "ELBSecurityPolicy-TLS13-1-2-2021-06"
	DefaultCPU                = 256
	DefaultArchitecture       = "X86_64"
)

func applyDefaults(e *Environment) {
	setStr(&e.Project, DefaultProject)
	defaultNetwork(e)
	defaultDatabase(e)
	defaultSecrets(e)
	defaultCluster(e)
	defaultLoadBalancer(e)
	for k, s := range e.Services {
		defaultService(e, k, &s)
		e.Services[k] = s
	}
	for k, t := range e.Tasks {
		defaultContainer(&t.Container)
		setStr(&t.Name, "everruns-"+k)
		e.Tasks[k] = t
	}
	defaultReconciler(e)
}

func defaultNetwork(e *Environment) {
	n := &e.Network
	setBool(&n.EnableDNSSupport, true) // Cloud Map private DNS needs it
	setBool(&n.EnableDNSHostnames, true)
	setInt(&n.NATGateways, DefaultNATGateways)
	for k, g := range e.SecurityGroups {
		setStr(&g.Description, fmt.Sprintf("everruns %s %s", e.Name, k))
		for i := range g.Ingress {
			setStr(&g.Ingress[i].Protocol, "tcp")
		}
		for i := range g.Egress {
			setStr(&g.Egress[i].Protocol, "tcp")
		}
		e.SecurityGroups[k] = g
	}
}

func defaultDatabase(e *Environment) {
	d := e.Database
	if d == nil {
		return
	}
	setStr(&d.Identifier, "everruns-"+e.Name)
	setStr(&d.Engine, DefaultEngine)
	setStr(&d.StorageType, DefaultStorageType)
	setIntZero(&d.AllocatedStorageGB, DefaultAllocatedStorageGB)
	setBool(&d.StorageEncrypted, true)
	setStr(&d.DatabaseName, DefaultDatabaseName)
	setStr(&d.Username, DefaultUsername)
	setStr(&d.CredentialsSecret, DefaultCredentialsSecret)
	setIntZero(&d.PasswordLength, DefaultPasswordLength)
	setInt(&d.BackupRetentionDays, DefaultBackupRetention)
	setStr(&d.BackupWindow, DefaultBackupWindow)
	setStr(&d.MaintenanceWindow, DefaultMaintenanceWindow)
	setBool(&d.FinalSnapshot, true)
	setBool(&d.DeletionProtection, true)
	setBool(&d.AutoMinorVersionUpgrade, true)
	if d.Parameters == nil {
		// What RDS PostgreSQL 15+ does anyway (errata 6), written down so
		// that a person sees clients need TLS.
		d.Parameters = map[string]string{"rds.force_ssl": "1"}
	}
	if d.SecurityGroups == nil {
		d.SecurityGroups = []string{"rds"}
	}
}

// defaultSecrets names every secret and declares the database credentials
// secret when the file has a database but does not declare it.
func defaultSecrets(e *Environment) {
	if d := e.Database; d != nil {
		if _, ok := e.Secrets[d.CredentialsSecret]; !ok {
			if e.Secrets == nil {
				e.Secrets = map[string]Secret{}
			}
			e.Secrets[d.CredentialsSecret] = Secret{Source: SourceDatabase}
		}
	}
	for k, s := range e.Secrets {
		setStr(&s.Name, fmt.Sprintf("everruns/%s/%s", e.Name, k))
		setStr(&s.Source, SourceOperator)
		if s.Source == SourceDatabase && s.Keys == nil {
			s.Keys = append([]string(nil), DatabaseSecretKeys...)
		}
		e.Secrets[k] = s
	}
	for k, c := range e.Certificates {
		setStr(&c.Validation, "dns")
		e.Certificates[k] = c
	}
}

func defaultCluster(e *Environment) {
	c := &e.Cluster
	setStr(&c.Name, "everruns-"+e.Name)
	setStr(&c.LogGroup.Name, "/ecs/everruns-"+e.Name)
	setIntZero(&c.LogGroup.RetentionDays, DefaultLogRetentionDays)
	setStr(&c.Namespace, DefaultNamespace)
	setStr(&c.ExecutionRole.Name, fmt.Sprintf("everruns-%s-execution", e.Name))
	setStr(&c.TaskRole.Name, fmt.Sprintf("everruns-%s-task", e.Name))
	for _, r := range []*Role{&c.ExecutionRole, &c.TaskRole} {
		for i := range r.Statements {
			setStr(&r.Statements[i].Effect, "Allow")
		}
	}
}
