package desired

import "slices"

// What RDS for PostgreSQL still lets a person create, as of the date below.
// AWS retires minor versions a few times a year: from a retirement on, a
// CreateDBInstance naming the minor fails, so a file that names one stops
// working on a new account while an existing instance carries on (errata 18).
// A major version alone is always safe: RDS picks its current default minor.
//
// Source, read 2026-12-06: the AWS notice on the RDS for PostgreSQL minor
// versions retired on 2026-05-31 ("Starting May 1, 2026, you will not be
// able to create new database instances on … 14.14–14.17, 15.9–15.12,
// 16.5–16.8, 17.1–17.4 … upgraded to 14.20, 15.15, 16.11, 17.7 (or
// higher)"), and "Supported PostgreSQL versions" / the release calendar of
// the RDS for PostgreSQL release notes
// (https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html),
// which lists 18.1 for PostgreSQL 18. The list keeps only minors that these
// sources show as orderable: the upgrade targets of the last retirement and
// the first minor of 18. A newer minor that RDS added later is refused here
// until it is added to the list; `reconciler verify` asks the account itself
// (DescribeDBEngineVersions), which is the final word.
const orderableAsOf = "2026-12-06"

// orderableMajors are the major versions in RDS standard support on
// orderableAsOf (13 and older are retired or in paid Extended Support).
var orderableMajors = []string{"14", "15", "16", "17", "18"}

// orderableMinors are the minor versions known to be orderable on
// orderableAsOf.
var orderableMinors = []string{"14.20", "15.15", "16.11", "17.7", "18.1"}

// engineVersionOrderable reports whether RDS for PostgreSQL can still create
// an instance of version v (a major, or a minor on the list).
func engineVersionOrderable(v string) bool {
	return slices.Contains(orderableMajors, v) || slices.Contains(orderableMinors, v)
}
