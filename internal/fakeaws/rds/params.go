package rds

import (
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/rds"
)

// userValue is a parameter set with ModifyDBParameterGroup.
type userValue struct{ value, method string }

// paramDef is one engine parameter, with what DescribeDBParameters reports.
type paramDef struct {
	def, dataType, allowed, description string
	static, modifiable                  bool
}

// postgresParams is a small part of the PostgreSQL catalog: enough to
// require TLS (rds.force_ssl) and to show static and dynamic parameters.
var postgresParams = map[string]paramDef{
	"rds.force_ssl":                       {def: "1", dataType: "boolean", allowed: "0,1", description: "Force SSL connections.", modifiable: true},
	"log_min_duration_statement":          {dataType: "integer", allowed: "-1-2147483647", description: "Sets the minimum execution time above which statements will be logged.", modifiable: true},
	"max_connections":                     {dataType: "integer", allowed: "6-8388607", description: "Sets the maximum number of concurrent connections.", static: true, modifiable: true},
	"shared_preload_libraries":            {def: "pg_stat_statements", dataType: "list", description: "Lists shared libraries to preload into server.", static: true, modifiable: true},
	"rds.extensions":                      {dataType: "list", description: "List of extensions available.", static: true},
	"work_mem":                            {dataType: "integer", allowed: "64-2147483647", description: "Sets the maximum memory to be used for query workspaces.", modifiable: true},
	"maintenance_work_mem":                {dataType: "integer", allowed: "1024-2147483647", description: "Sets the maximum memory to be used for maintenance operations.", modifiable: true},
	"log_statement":                       {dataType: "string", allowed: "none,ddl,mod,all", description: "Sets the type of statements logged.", modifiable: true},
	"log_connections":                     {dataType: "boolean", allowed: "0,1", description: "Logs each successful connection.", modifiable: true},
	"log_disconnections":                  {dataType: "boolean", allowed: "0,1", description: "Logs end of a session, including duration.", modifiable: true},
	"idle_in_transaction_session_timeout": {dataType: "integer", allowed: "0-2147483647", description: "Sets the maximum allowed duration of any idling transaction.", modifiable: true},
	"statement_timeout":                   {dataType: "integer", allowed: "0-2147483647", description: "Sets the maximum allowed duration of any statement.", modifiable: true},
	"timezone":                            {def: "UTC", dataType: "string", description: "Sets the time zone for displaying and interpreting time stamps.", modifiable: true},
	"autovacuum":                          {def: "1", dataType: "boolean", allowed: "0,1", description: "Starts the autovacuum subprocess.", modifiable: true},
	"autovacuum_max_workers":              {dataType: "integer", allowed: "1-262143", description: "Sets the maximum number of simultaneously running autovacuum worker processes.", static: true, modifiable: true},
	"effective_cache_size":                {dataType: "integer", allowed: "1-2147483647", description: "Sets the planner's assumption about the size of the disk cache.", modifiable: true},
	"random_page_cost":                    {dataType: "real", description: "Sets the planner's estimate of the cost of a nonsequentially fetched disk page.", modifiable: true},
	"shared_buffers":                      {dataType: "integer", allowed: "16-1073741823", description: "Sets the number of shared memory buffers used by the server.", static: true, modifiable: true},
	"wal_buffers":                         {dataType: "integer", allowed: "-1-262143", description: "Sets the number of disk-page buffers in shared memory for WAL.", static: true, modifiable: true},
	"max_wal_size":                        {dataType: "integer", allowed: "2-2147483647", description: "Sets the WAL size that triggers a checkpoint.", modifiable: true},
	"checkpoint_timeout":                  {dataType: "integer", allowed: "30-86400", description: "Sets the maximum time between automatic WAL checkpoints.", modifiable: true},
	"track_activity_query_size":           {dataType: "integer", allowed: "100-1048576", description: "Sets the size reserved for pg_stat_activity.current_query, in bytes.", static: true, modifiable: true},
	"pg_stat_statements.track":            {dataType: "string", allowed: "none,top,all", description: "Selects which statements are tracked by pg_stat_statements.", modifiable: true},
	"rds.logical_replication":             {def: "0", dataType: "boolean", allowed: "0,1", description: "Enables logical decoding.", static: true, modifiable: true},
	"password_encryption":                 {dataType: "string", allowed: "md5,scram-sha-256", description: "Chooses the algorithm for encrypting passwords.", modifiable: true},
	"ssl_min_protocol_version":            {dataType: "string", allowed: "TLSv1,TLSv1.1,TLSv1.2,TLSv1.3", description: "Sets the minimum SSL/TLS protocol version to use.", modifiable: true},
}

// catalog returns the parameters of a family. rds.force_ssl defaults to 1
// from PostgreSQL 15 and to 0 before.
func catalog(family string) (map[string]paramDef, bool) {
	v, ok := strings.CutPrefix(family, "postgres")
	major, err := strconv.Atoi(v)
	if !ok || err != nil || major < 11 {
		return nil, false
	}
	out := make(map[string]paramDef, len(postgresParams))
	for k, d := range postgresParams {
		out[k] = d
	}
	if major < 15 {
		ssl := out["rds.force_ssl"]
		ssl.def = "0"
		out["rds.force_ssl"] = ssl
	}
	return out, true
}

// allows checks a value against AllowedValues: a list "a,b" or a range
// "lo-hi" of integers; anything for other types.
func (d paramDef) allows(v string) bool {
	if d.allowed == "" {
		return true
	}
	if d.dataType == "integer" {
		n, err := strconv.ParseInt(v, 10, 64)
		i := strings.LastIndex(d.allowed, "-")
		lo, err1 := strconv.ParseInt(d.allowed[:i], 10, 64)
		hi, err2 := strconv.ParseInt(d.allowed[i+1:], 10, 64)
		return err == nil && err1 == nil && err2 == nil && n >= lo && n <= hi
	}
	for _, a := range strings.Split(d.allowed, ",") {
		if a == v {
			return true
		}
	}
	return false
}

// parameter is the parameter as DescribeDBParameters shows it; a user-set
// one carries the value and the apply method it was set with.
func (d paramDef) parameter(name string, user map[string]userValue) *v1.Parameter {
	p := &v1.Parameter{
		ParameterName: aws.String(name), Description: aws.String(d.description),
		DataType: aws.String(d.dataType), IsModifiable: aws.Bool(d.modifiable),
		ApplyType: aws.String("dynamic"), ApplyMethod: aws.String(v1.ApplyMethodPendingReboot),
		Source: aws.String("engine-default"), AllowedValues: strOrNil(d.allowed),
		ParameterValue: strOrNil(d.def),
	}
	if d.static {
		p.ApplyType = aws.String("static")
	}
	if v, ok := user[name]; ok {
		p.Source, p.ParameterValue, p.ApplyMethod = aws.String("user"), aws.String(v.value), aws.String(v.method)
	}
	return p
}
