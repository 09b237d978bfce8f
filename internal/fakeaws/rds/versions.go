package rds

import (
	"slices"
	"strings"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// engineVersions lists the versions the fake offers per engine and major
// version, the default minor first (what CreateDBInstance picks for
// EngineVersion "16", as DescribeDBEngineVersions' IsDefault marks it).
var engineVersions = map[string]map[string][]string{
	"postgres": {
		"13": {"13.16", "13.15", "13.18"},
		"14": {"14.13", "14.12", "14.15"},
		"15": {"15.8", "15.7", "15.10"},
		"16": {"16.4", "16.1", "16.2", "16.3", "16.6"},
		"17": {"17.2", "17.4"},
	},
	"mysql":   {"8.0": {"8.0.39", "8.0.36", "8.0.40"}, "8.4": {"8.4.3"}},
	"mariadb": {"10.6": {"10.6.19"}, "10.11": {"10.11.9", "10.11.10"}},
}

// defaultMajor is the major version used when EngineVersion is absent.
var defaultMajor = map[string]string{"postgres": "16", "mysql": "8.0", "mariadb": "10.11"}

// majorOf is the major version of v: "16" for PostgreSQL 16.4, "8.0" for
// MySQL 8.0.39 (MySQL and MariaDB majors have two parts).
func majorOf(engine, v string) string {
	parts := strings.Split(v, ".")
	if engine == "postgres" || len(parts) < 2 {
		return parts[0]
	}
	return parts[0] + "." + parts[1]
}

// resolveVersion turns a requested EngineVersion into the full version
// the instance runs: "" picks the engine's default, a major version alone
// its default minor; an unknown version is refused as AWS refuses it.
func resolveVersion(engine, requested string) (string, error) {
	if requested == "" {
		requested = defaultMajor[engine]
	}
	majors := engineVersions[engine]
	if minors, ok := majors[requested]; ok {
		return minors[0], nil
	}
	if slices.Contains(majors[majorOf(engine, requested)], requested) {
		return requested, nil
	}
	return "", core.BadRequest("InvalidParameterCombination", "Cannot find version %s for %s", requested, engine)
}

// compareVersions orders dotted numeric versions.
func compareVersions(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for n := 0; n < len(pa) || n < len(pb); n++ {
		x, y := versionPart(pa, n), versionPart(pb, n)
		if x != y {
			return x - y
		}
	}
	return 0
}

func versionPart(parts []string, n int) int {
	if n >= len(parts) {
		return 0
	}
	v := 0
	for _, c := range parts[n] {
		if c < '0' || c > '9' {
			break
		}
		v = v*10 + int(c-'0')
	}
	return v
}
