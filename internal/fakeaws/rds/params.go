package rds

import (
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go/aws"
	v1 "github.com/aws/aws-sdk-go/service/rds"
)

// paramDef is one engine parameter, with what DescribeDBParameters reports.
type paramDef struct {
	def, dataType, allowed, description string
	static, modifiable                  bool
}

// postgresParams is a small part of the PostgreSQL catalog: enough to
// require TLS (rds.force_ssl) and to show static and dynamic parameters.
var postgresParams = map[string]paramDef{
	"rds.force_ssl":              {def: "1", dataType: "boolean", allowed: "0,1", description: "Force SSL connections.", modifiable: true},
	"log_min_duration_statement": {dataType: "integer", allowed: "-1-2147483647", description: "Sets the minimum execution time above which statements will be logged.", modifiable: true},
	"max_connections":            {dataType: "integer", allowed: "6-8388607", description: "Sets the maximum number of concurrent connections.", static: true, modifiable: true},
	"shared_preload_libraries":   {def: "pg_stat_statements", dataType: "list", description: "Lists shared libraries to preload into server.", static: true, modifiable: true},
	"rds.extensions":             {dataType: "list", description: "List of extensions available.", static: true},
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

func (d paramDef) parameter(name string, user map[string]string) *v1.Parameter {
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
		p.Source, p.ParameterValue = aws.String("user"), aws.String(v)
	}
	return p
}
