// Package rds fakes Amazon RDS for single DB instances: DB subnet groups,
// DB instances with their lifecycle on the fake clock, DB parameter groups
// and tags, as the API reference describes them
// (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/).
package rds

import (
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/rds"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// Service is the fake RDS.
type Service struct {
	env *core.Env
	// hash is the account-and-region part of every endpoint address,
	// stable for the life of the fake as it is for an AWS account.
	hash string

	mu           sync.Mutex
	subnetGroups map[string]*subnetGroup // by lower-case name
	instances    map[string]*instance    // by lower-case identifier
	paramGroups  map[string]*paramGroup  // by lower-case name
}

// New returns the fake RDS.
func New(env *core.Env) *Service {
	s := &Service{
		env:          env,
		hash:         "c" + env.IDs.Hex(11),
		subnetGroups: map[string]*subnetGroup{},
		instances:    map[string]*instance{},
		paramGroups:  map[string]*paramGroup{},
	}
	env.Dir.AddTagged(s.tagged)
	return s
}

func (s *Service) Name() string            { return "rds" }
func (s *Service) Protocol() core.Protocol { return core.Query }

func (s *Service) Handlers() map[string]core.Handler {
	return map[string]core.Handler{
		"CreateDBSubnetGroup":       s.createDBSubnetGroup,
		"DescribeDBSubnetGroups":    s.describeDBSubnetGroups,
		"ModifyDBSubnetGroup":       s.modifyDBSubnetGroup,
		"DeleteDBSubnetGroup":       s.deleteDBSubnetGroup,
		"CreateDBInstance":          s.createDBInstance,
		"DescribeDBInstances":       s.describeDBInstances,
		"ModifyDBInstance":          s.modifyDBInstance,
		"DeleteDBInstance":          s.deleteDBInstance,
		"RebootDBInstance":          s.rebootDBInstance,
		"CreateDBParameterGroup":    s.createDBParameterGroup,
		"DescribeDBParameterGroups": s.describeDBParameterGroups,
		"ModifyDBParameterGroup":    s.modifyDBParameterGroup,
		"DeleteDBParameterGroup":    s.deleteDBParameterGroup,
		"DescribeDBParameters":      s.describeDBParameters,
		"ResetDBParameterGroup":     s.resetDBParameterGroup,
		"AddTagsToResource":         s.addTagsToResource,
		"RemoveTagsFromResource":    s.removeTagsFromResource,
		"ListTagsForResource":       s.listTagsForResource,

		"DescribeDBEngineVersions":           s.describeDBEngineVersions,
		"DescribeOrderableDBInstanceOptions": s.describeOrderableDBInstanceOptions,
	}
}

// page is RDS's Marker/MaxRecords paging: MaxRecords is 20 to 100, 100 by
// default (each Describe* page of the reference says so).
func page(n int, marker *string, maxRecords *int64) (start, end int, next *string, err error) {
	max := int(aws.Int64Value(maxRecords))
	if maxRecords != nil && (max < 20 || max > 100) {
		return 0, 0, nil, core.BadRequest("InvalidParameterValue", "Invalid value %d for MaxRecords. Must be between 20 and 100", max)
	}
	start, end, tok, err := core.Page(n, aws.StringValue(marker), max, 100)
	if err != nil {
		return 0, 0, nil, core.BadRequest("InvalidParameterValue", "Invalid marker: %s", aws.StringValue(marker))
	}
	if tok != "" {
		next = aws.String(tok)
	}
	return start, end, next, nil
}

// sortedKeys returns a map's keys in order, for stable paging.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// idFromARN accepts an identifier or its ARN (arn:aws:rds:…:kind:id), as
// the Describe* calls do.
func idFromARN(s, kind string) string {
	if strings.HasPrefix(s, "arn:") {
		if i := strings.LastIndex(s, ":"+kind+":"); i >= 0 {
			return strings.ToLower(s[i+len(kind)+2:])
		}
	}
	return strings.ToLower(s)
}

func (s *Service) arn(region, kind, id string) string {
	return core.ARN("rds", region, kind+":"+id)
}

// filterValues returns the values of each filter by name and rejects the
// names a call does not support.
func filterValues(filters []*v1.Filter, supported ...string) (map[string][]string, error) {
	out := map[string][]string{}
	for _, f := range filters {
		name := aws.StringValue(f.Name)
		if !slices.Contains(supported, name) {
			return nil, core.BadRequest("InvalidParameterValue", "Unrecognized filter name: %s", name)
		}
		out[name] = append(out[name], aws.StringValueSlice(f.Values)...)
	}
	return out, nil
}
