package rds_test

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
)

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBEngineVersions.html
// A major version names its minors; an unknown version is an empty list;
// DefaultOnly is the minor CreateDBInstance picks for the major.
func TestDescribeDBEngineVersions(t *testing.T) {
	e := start(t)
	versions := func(in *rds.DescribeDBEngineVersionsInput) []string {
		t.Helper()
		var out []string
		p := rds.NewDescribeDBEngineVersionsPaginator(e.rds, in)
		for p.HasMorePages() {
			page, err := p.NextPage(t.Context())
			if err != nil {
				t.Fatalf("DescribeDBEngineVersions: %v", err)
			}
			for _, v := range page.DBEngineVersions {
				if fam := aws.ToString(v.DBParameterGroupFamily); fam != "postgres"+aws.ToString(v.MajorEngineVersion) {
					t.Errorf("%s: family %s", aws.ToString(v.EngineVersion), fam)
				}
				out = append(out, aws.ToString(v.EngineVersion))
			}
		}
		return out
	}
	if got := versions(&rds.DescribeDBEngineVersionsInput{Engine: aws.String("postgres"), EngineVersion: aws.String("16")}); !slices.Equal(got, []string{"16.1", "16.2", "16.3", "16.4", "16.6"}) {
		t.Errorf("postgres 16: %v", got)
	}
	if got := versions(&rds.DescribeDBEngineVersionsInput{Engine: aws.String("postgres"), EngineVersion: aws.String("16.0")}); len(got) != 0 {
		t.Errorf("postgres 16.0 (never released): %v, want none", got)
	}
	if got := versions(&rds.DescribeDBEngineVersionsInput{Engine: aws.String("postgres"), DefaultOnly: aws.Bool(true)}); !slices.Equal(got, []string{"16.4"}) {
		t.Errorf("postgres default: %v, want the default major's default minor", got)
	}
	if got := versions(&rds.DescribeDBEngineVersionsInput{Engine: aws.String("postgres"), MaxRecords: aws.Int32(20)}); len(got) != 16 {
		t.Errorf("postgres, paged by 20: %d versions, want 16", len(got))
	}
}

// https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeOrderableDBInstanceOptions.html
// Engine is required; the class and version filter; pages follow Marker.
func TestDescribeOrderableDBInstanceOptions(t *testing.T) {
	e := start(t)
	if _, err := e.rds.DescribeOrderableDBInstanceOptions(t.Context(), &rds.DescribeOrderableDBInstanceOptionsInput{}); err == nil {
		t.Fatal("no Engine: accepted")
	}
	options := func(in *rds.DescribeOrderableDBInstanceOptionsInput) map[string]bool {
		t.Helper()
		out := map[string]bool{}
		p := rds.NewDescribeOrderableDBInstanceOptionsPaginator(e.rds, in)
		for p.HasMorePages() {
			page, err := p.NextPage(t.Context())
			if err != nil {
				t.Fatalf("DescribeOrderableDBInstanceOptions: %v", err)
			}
			for _, o := range page.OrderableDBInstanceOptions {
				out[aws.ToString(o.EngineVersion)+" "+aws.ToString(o.DBInstanceClass)+" "+aws.ToString(o.StorageType)] = true
			}
		}
		return out
	}
	micro := options(&rds.DescribeOrderableDBInstanceOptionsInput{Engine: aws.String("postgres"), DBInstanceClass: aws.String("db.t4g.micro"), MaxRecords: aws.Int32(20)})
	if !micro["16.4 db.t4g.micro gp3"] || !micro["13.16 db.t4g.micro io1"] || len(micro) != 16*4 {
		t.Errorf("db.t4g.micro: %d options, want every postgres version × 4 storage types", len(micro))
	}
	if got := options(&rds.DescribeOrderableDBInstanceOptionsInput{Engine: aws.String("postgres"), DBInstanceClass: aws.String("db.x99.huge")}); len(got) != 0 {
		t.Errorf("an unknown class is orderable: %v", got)
	}
	if got := options(&rds.DescribeOrderableDBInstanceOptionsInput{Engine: aws.String("postgres"), EngineVersion: aws.String("16.0")}); len(got) != 0 {
		t.Errorf("postgres 16.0 is orderable: %v", got)
	}
}
