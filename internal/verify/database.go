package verify

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
)

// checkDatabase asks RDS whether the file's engine version can still be
// created in the region (DescribeDBEngineVersions), and whether the
// instance class is orderable with it and the storage type
// (DescribeOrderableDBInstanceOptions). A major version ("16") is
// orderable when one of its minors is.
func checkDatabase(ctx context.Context, c *checker) []Finding {
	db := c.env.Database
	if db == nil {
		return nil
	}
	api := rds.NewFromConfig(c.cfg)
	subject := "database " + db.Identifier
	versions, err := engineVersions(ctx, api, db.Engine)
	if err != nil {
		return []Finding{warning(subject, "engine versions could not be read: %v", err)}
	}
	matching := matchingVersions(versions, db.EngineVersion)
	if len(matching) == 0 {
		return []Finding{problem(subject, "engine version %s %s cannot be created in %s (DescribeDBEngineVersions lists none); available: %s",
			db.Engine, db.EngineVersion, c.env.Region, summarize(versions))}
	}
	options, err := orderable(ctx, api, db.Engine, db.InstanceClass)
	if err != nil {
		return []Finding{warning(subject, "orderable instance options could not be read: %v", err)}
	}
	var storage []string
	for _, o := range options {
		if slices.Contains(matching, o.version) && !slices.Contains(storage, o.storage) {
			storage = append(storage, o.storage)
		}
	}
	switch {
	case len(storage) == 0:
		return []Finding{problem(subject, "instance class %s cannot be ordered with %s %s in %s (DescribeOrderableDBInstanceOptions)",
			db.InstanceClass, db.Engine, db.EngineVersion, c.env.Region)}
	case !slices.Contains(storage, db.StorageType):
		slices.Sort(storage)
		return []Finding{problem(subject, "storage type %s cannot be ordered with %s and %s %s; orderable: %s",
			db.StorageType, db.InstanceClass, db.Engine, db.EngineVersion, strings.Join(storage, ", "))}
	}
	return []Finding{ok(subject, "%s %s on %s with %s storage is orderable in %s", db.Engine, db.EngineVersion, db.InstanceClass, db.StorageType, c.env.Region)}
}

// engineVersions lists every version of engine RDS offers in the region.
func engineVersions(ctx context.Context, api *rds.Client, engine string) ([]string, error) {
	var out []string
	p := rds.NewDescribeDBEngineVersionsPaginator(api, &rds.DescribeDBEngineVersionsInput{Engine: aws.String(engine)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("describe engine versions: %w", err)
		}
		for _, v := range page.DBEngineVersions {
			out = append(out, aws.ToString(v.EngineVersion))
		}
	}
	return out, nil
}

// matchingVersions are the versions the file's version names: itself, or
// every minor of a major version.
func matchingVersions(versions []string, want string) []string {
	var out []string
	for _, v := range versions {
		if v == want || strings.HasPrefix(v, want+".") {
			out = append(out, v)
		}
	}
	return out
}

// summarize names the major versions offered, for the message.
func summarize(versions []string) string {
	var majors []string
	for _, v := range versions {
		m, _, _ := strings.Cut(v, ".")
		if !slices.Contains(majors, m) {
			majors = append(majors, m)
		}
	}
	if len(majors) == 0 {
		return "none"
	}
	return strings.Join(majors, ", ") + " (and their listed minors)"
}

type option struct{ version, storage string }

// orderable lists the (version, storage type) pairs class is orderable
// with, in a VPC.
func orderable(ctx context.Context, api *rds.Client, engine, class string) ([]option, error) {
	var out []option
	p := rds.NewDescribeOrderableDBInstanceOptionsPaginator(api, &rds.DescribeOrderableDBInstanceOptionsInput{
		Engine: aws.String(engine), DBInstanceClass: aws.String(class), Vpc: aws.Bool(true)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("describe orderable options: %w", err)
		}
		for _, o := range page.OrderableDBInstanceOptions {
			out = append(out, option{aws.ToString(o.EngineVersion), aws.ToString(o.StorageType)})
		}
	}
	return out, nil
}
