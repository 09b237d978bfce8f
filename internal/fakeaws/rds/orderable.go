package rds

import (
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/rds"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// orderableClasses are the instance classes the fake offers for every
// engine version it knows: a small table, enough for a file to name a
// class that exists and one that does not. Real regions offer many more.
var orderableClasses = []string{
	"db.m6g.large", "db.m7g.large", "db.r6g.large", "db.t3.micro", "db.t3.small",
	"db.t4g.medium", "db.t4g.micro", "db.t4g.small",
}

// orderableStorage are the storage types offered with every class, and
// the sizes each allows in GiB.
var orderableStorage = []struct {
	kind     string
	min, max int64
}{{"gp2", 20, 65536}, {"gp3", 20, 65536}, {"io1", 100, 65536}, {"io2", 100, 65536}}

// parameterGroupFamily is the family of an engine's major version:
// postgres16, mysql8.0.
func parameterGroupFamily(engine, major string) string { return engine + major }

// engineVersionList is every version of engine the fake offers, sorted.
func engineVersionList(engine string) []string {
	var out []string
	for _, minors := range engineVersions[engine] {
		out = append(out, minors...)
	}
	slices.SortFunc(out, compareVersions)
	return out
}

// versionMatches says whether the EngineVersion parameter asks for v: the
// full version, or its major version ("16" names every 16.x).
func versionMatches(engine, asked, v string) bool {
	return asked == "" || asked == v || asked == majorOf(engine, v)
}

// describeDBEngineVersions follows
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBEngineVersions.html
// for the engines the fake knows. An unknown engine or version is an
// empty list, not an error. DefaultOnly returns the default minor of each
// major version asked for (of the engine's default major when none is).
func (s *Service) describeDBEngineVersions(r *core.Request) (any, error) {
	var in v1.DescribeDBEngineVersionsInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	if _, err := filterValues(in.Filters, "engine", "engine-version", "status", "db-parameter-group-family"); err != nil {
		return nil, err
	}
	var list []*v1.DBEngineVersion
	engines := sortedKeys(engineVersions)
	if e := aws.StringValue(in.Engine); e != "" {
		engines = []string{e}
	}
	for _, engine := range engines {
		for _, v := range engineVersionList(engine) {
			major := majorOf(engine, v)
			if !versionMatches(engine, aws.StringValue(in.EngineVersion), v) {
				continue
			}
			if aws.BoolValue(in.DefaultOnly) {
				want := defaultMajor[engine]
				if asked := aws.StringValue(in.EngineVersion); asked != "" {
					want = majorOf(engine, asked)
				}
				if major != want || engineVersions[engine][major][0] != v {
					continue
				}
			}
			list = append(list, &v1.DBEngineVersion{
				Engine: aws.String(engine), EngineVersion: aws.String(v), MajorEngineVersion: aws.String(major),
				DBParameterGroupFamily: aws.String(parameterGroupFamily(engine, major)), Status: aws.String("available"),
				DBEngineDescription: aws.String(engine), DBEngineVersionDescription: aws.String(engine + " " + v),
				SupportsReadReplica: aws.Bool(true), SupportedFeatureNames: aws.StringSlice([]string{}),
			})
		}
	}
	start, end, next, err := page(len(list), in.Marker, in.MaxRecords)
	if err != nil {
		return nil, err
	}
	return &v1.DescribeDBEngineVersionsOutput{DBEngineVersions: list[start:end], Marker: next}, nil
}

// describeOrderableDBInstanceOptions follows
// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeOrderableDBInstanceOptions.html
// Engine is required; EngineVersion, DBInstanceClass and Vpc filter (the
// fake's offerings are all in a VPC). MaxRecords is 20 to 1000 here.
func (s *Service) describeOrderableDBInstanceOptions(r *core.Request) (any, error) {
	var in v1.DescribeOrderableDBInstanceOptionsInput
	if err := r.Decode(&in); err != nil {
		return nil, err
	}
	engine := aws.StringValue(in.Engine)
	if engine == "" {
		return nil, core.MissingParameter("Engine")
	}
	if in.MaxRecords != nil && (*in.MaxRecords < 20 || *in.MaxRecords > 1000) {
		return nil, core.BadRequest("InvalidParameterValue", "Invalid value %d for MaxRecords. Must be between 20 and 1000", *in.MaxRecords)
	}
	if in.Vpc != nil && !*in.Vpc {
		return &v1.DescribeOrderableDBInstanceOptionsOutput{OrderableDBInstanceOptions: []*v1.OrderableDBInstanceOption{}}, nil
	}
	var zones []*v1.AvailabilityZone
	for _, l := range "abc" {
		zones = append(zones, &v1.AvailabilityZone{Name: aws.String(r.Region + string(l))})
	}
	var list []*v1.OrderableDBInstanceOption
	for _, v := range engineVersionList(engine) {
		if ev := aws.StringValue(in.EngineVersion); ev != "" && ev != v {
			continue
		}
		for _, class := range orderableClasses {
			if c := aws.StringValue(in.DBInstanceClass); c != "" && c != class {
				continue
			}
			for _, st := range orderableStorage {
				list = append(list, &v1.OrderableDBInstanceOption{
					Engine: aws.String(engine), EngineVersion: aws.String(v), DBInstanceClass: aws.String(class),
					LicenseModel: aws.String(licenseModel(engine)), StorageType: aws.String(st.kind),
					MinStorageSize: aws.Int64(st.min), MaxStorageSize: aws.Int64(st.max),
					AvailabilityZones: zones, MultiAZCapable: aws.Bool(true), Vpc: aws.Bool(true),
					SupportsStorageEncryption: aws.Bool(true), SupportsStorageAutoscaling: aws.Bool(true),
					SupportsPerformanceInsights: aws.Bool(!strings.HasPrefix(class, "db.t3.micro")),
					SupportedNetworkTypes:       aws.StringSlice([]string{"IPV4"}),
				})
			}
		}
	}
	start, end, tok, err := core.Page(len(list), aws.StringValue(in.Marker), int(aws.Int64Value(in.MaxRecords)), 100)
	if err != nil {
		return nil, core.BadRequest("InvalidParameterValue", "Invalid marker: %s", aws.StringValue(in.Marker))
	}
	out := &v1.DescribeOrderableDBInstanceOptionsOutput{OrderableDBInstanceOptions: list[start:end]}
	if list == nil {
		out.OrderableDBInstanceOptions = []*v1.OrderableDBInstanceOption{}
	}
	if tok != "" {
		out.Marker = aws.String(tok)
	}
	return out, nil
}

// licenseModel is the one license model of an open-source engine.
func licenseModel(engine string) string {
	if engine == "postgres" {
		return "postgresql-license"
	}
	return "general-public-license"
}
