package rds

import (
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/rds"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// validID is the DBInstanceIdentifier constraint: 1 to 63 letters, digits
// or hyphens, a letter first, no trailing or double hyphen.
var validID = regexp.MustCompile(`^[a-zA-Z](?:[a-zA-Z0-9]|-[a-zA-Z0-9]){0,62}$`)

// defaultPort is per engine.
var defaultPort = map[string]int64{"postgres": 5432, "mysql": 3306, "mariadb": 3306}

// createDBInstance follows
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html
func (s *Service) createDBInstance(r *core.Request) (any, error) {
	var in v1.CreateDBInstanceInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if err := validateCreate(&in); err != nil {
		return nil, err
	}
	id := strings.ToLower(*in.DBInstanceIdentifier)
	engine := aws.StringValue(in.Engine)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tick()
	if _, ok := s.instances[id]; ok {
		return nil, core.BadRequest("DBInstanceAlreadyExists", "DB instance already exists")
	}
	sg := strings.ToLower(aws.StringValue(in.DBSubnetGroupName))
	if sg != "" {
		if _, ok := s.subnetGroups[sg]; !ok {
			return nil, subnetGroupNotFound(sg)
		}
	}
	version, err := resolveVersion(engine, aws.StringValue(in.EngineVersion))
	if err != nil {
		return nil, err
	}
	pg := strings.ToLower(aws.StringValue(in.DBParameterGroupName))
	if pg == "" {
		pg = "default." + engine + majorOf(engine, version)
	} else if _, ok := s.paramGroups[pg]; !ok {
		return nil, paramGroupNotFound(pg)
	}
	now := s.env.Clock.Now()
	i := &instance{
		id: id, arn: s.arn(r.Region, "db", id), region: r.Region,
		resourceID: "db-" + strings.ToUpper(s.env.IDs.Hex(26)),
		class:      aws.StringValue(in.DBInstanceClass), engine: engine, engineVersion: version,
		masterUsername: aws.StringValue(in.MasterUsername), dbName: aws.StringValue(in.DBName),
		password: aws.StringValue(in.MasterUserPassword),
		storage:  aws.Int64Value(in.AllocatedStorage), storageType: orDefault(aws.StringValue(in.StorageType), "gp2"),
		port:    orDefaultInt(aws.Int64Value(in.Port), defaultPort[engine]),
		multiAZ: aws.BoolValue(in.MultiAZ), public: aws.BoolValue(in.PubliclyAccessible),
		deletionProtection: aws.BoolValue(in.DeletionProtection),
		backupRetention:    1,
		subnetGroup:        sg, paramGroup: pg,
		securityGroups: aws.StringValueSlice(in.VpcSecurityGroupIds),
		tags:           in.Tags, created: now,
		maxStorage:        aws.Int64Value(in.MaxAllocatedStorage),
		autoMinorUpgrade:  in.AutoMinorVersionUpgrade == nil || *in.AutoMinorVersionUpgrade,
		maintenanceWindow: orDefault(strings.ToLower(aws.StringValue(in.PreferredMaintenanceWindow)), defaultMaintenanceWindow),
		backupWindow:      orDefault(aws.StringValue(in.PreferredBackupWindow), defaultBackupWindow),
		status:            "creating", since: now,
		// AWS shows the password as pending, masked, until creation ends.
		pending: &v1.PendingModifiedValues{MasterUserPassword: aws.String("****")},
	}
	if in.BackupRetentionPeriod != nil { // 0 is meaningful: no backups
		i.backupRetention = *in.BackupRetentionPeriod
	}
	s.instances[id] = i
	return &v1.CreateDBInstanceOutput{DBInstance: s.view(i)}, nil
}

func validateCreate(in *v1.CreateDBInstanceInput) error {
	for name, v := range map[string]*string{
		"DBInstanceIdentifier": in.DBInstanceIdentifier, "DBInstanceClass": in.DBInstanceClass, "Engine": in.Engine,
	} {
		if aws.StringValue(v) == "" {
			return core.MissingParameter(name)
		}
	}
	if !validID.MatchString(*in.DBInstanceIdentifier) {
		return core.BadRequest("InvalidParameterValue",
			"The parameter DBInstanceIdentifier is not a valid identifier. Identifiers must begin with a letter; must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens.")
	}
	if _, ok := defaultPort[*in.Engine]; !ok {
		return core.BadRequest("InvalidParameterValue", "Invalid DB engine: %s", *in.Engine)
	}
	if in.MasterUserPassword != nil {
		if err := validatePassword(*in.MasterUserPassword); err != nil {
			return err
		}
	}
	return validateWindows(in.PreferredMaintenanceWindow, in.PreferredBackupWindow)
}

// validateWindows checks the windows that are given.
func validateWindows(maintenance, backup *string) error {
	if maintenance != nil {
		if _, _, err := windowStart(*maintenance); err != nil {
			return err
		}
	}
	if backup != nil {
		return validateBackupWindow(*backup)
	}
	return nil
}

// validatePassword applies the MasterUserPassword constraints: 8 to 128
// printable ASCII characters other than '/', '@', '"' and space.
func validatePassword(p string) error {
	if len(p) < 8 || len(p) > 128 {
		return core.BadRequest("InvalidParameterValue", "The parameter MasterUserPassword is not a valid password because it is shorter than 8 characters or longer than 128.")
	}
	for _, c := range p {
		if c < '!' || c > '~' || strings.ContainsRune(`/@"`, c) {
			return core.BadRequest("InvalidParameterValue",
				"The parameter MasterUserPassword is not a valid password. Only printable ASCII characters besides '/', '@', '\"', ' ' may be used.")
		}
	}
	return nil
}

// describeDBInstances follows
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBInstances.html
// Filters: db-instance-id (identifiers or ARNs), dbi-resource-id, engine,
// db-cluster-id (none here: no instance is in a cluster).
func (s *Service) describeDBInstances(r *core.Request) (any, error) {
	var in v1.DescribeDBInstancesInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	filters, err := filterValues(in.Filters, "db-instance-id", "dbi-resource-id", "engine", "db-cluster-id", "domain")
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tick()
	ids := sortedKeys(s.instances)
	if in.DBInstanceIdentifier != nil {
		id := idFromARN(*in.DBInstanceIdentifier, "db")
		if _, ok := s.instances[id]; !ok {
			return nil, instanceNotFound(id)
		}
		ids = []string{id}
	}
	var match []*instance
	for _, id := range ids {
		if i := s.instances[id]; matchInstance(i, filters) {
			match = append(match, i)
		}
	}
	start, end, next, err := page(len(match), in.Marker, in.MaxRecords)
	if err != nil {
		return nil, err
	}
	out := &v1.DescribeDBInstancesOutput{DBInstances: []*v1.DBInstance{}, Marker: next}
	for _, i := range match[start:end] {
		out.DBInstances = append(out.DBInstances, s.view(i))
	}
	return out, nil
}

func matchInstance(i *instance, filters map[string][]string) bool {
	for name, values := range filters {
		ok := false
		for _, v := range values {
			switch name {
			case "db-instance-id":
				ok = ok || idFromARN(v, "db") == i.id
			case "dbi-resource-id":
				ok = ok || v == i.resourceID
			case "engine":
				ok = ok || v == i.engine
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

func instanceNotFound(id string) error {
	return core.NotFound("DBInstanceNotFound", "DBInstance %s not found.", id)
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func orDefaultInt(n, d int64) int64 {
	if n == 0 {
		return d
	}
	return n
}
