package rds

import (
	"strconv"
	"strings"
)

// PostgreSQL versions on RDS are "major.minor" ("16.4"); the file may name
// the major version alone ("16"), which any of its minors satisfies.

func major(v string) string {
	m, _, _ := strings.Cut(v, ".")
	return m
}

func hasMinor(v string) bool { return strings.Contains(v, ".") }

// compareVersions orders dotted numeric versions part by part; a missing
// part counts as 0.
func compareVersions(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for n := 0; n < len(pa) || n < len(pb); n++ {
		x, y := part(pa, n), part(pb, n)
		if x != y {
			return x - y
		}
	}
	return 0
}

func part(parts []string, n int) int {
	if n >= len(parts) {
		return 0
	}
	v, _ := strconv.Atoi(parts[n])
	return v
}

// satisfies says whether running live meets the file's version: the same
// major, and, when the file names a minor, that minor or (with automatic
// minor upgrades) a newer one.
func satisfies(live, file string, autoMinor bool) bool {
	switch {
	case major(live) != major(file):
		return false
	case !hasMinor(file):
		return true
	case autoMinor:
		return compareVersions(live, file) >= 0
	}
	return live == file
}

// downgrade reports whether moving from live to the file's version would
// lower it: RDS cannot downgrade an instance.
func downgrade(live, file string) bool {
	if major(file) != major(live) {
		return compareVersions(major(file), major(live)) < 0
	}
	return hasMinor(file) && compareVersions(file, live) < 0
}
