package e2e

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"

	"github.com/everruns/reconciler/pkg/reconcile"
)

// An apply of the database target killed at a random AWS call, then run
// again, converges with exactly one subnet group, parameter group,
// instance and secret, as TestCrashedApplyResumesWithoutDuplicates does
// for the network.
func TestDatabaseCrashedApplyResumesWithoutDuplicates(t *testing.T) {
	resources := dbResources(t, nil)
	f := newFake(t)
	cfg := testConfig(f)
	calls := crashAfter(&cfg, 1<<30, false, func() {})
	if res := dbApply(t, dbEngine(t, cfg, resources), resources, reconcile.ApplyOptions{}); !res.Converged() {
		t.Fatalf("apply from empty: %v", res.Err())
	}
	total := int(calls.Load())
	rng := rand.New(rand.NewPCG(*crashSeed, 7))
	for i := range max(*crashRepetitions/3, 1) {
		n, lost := 1+rng.IntN(total), rng.IntN(2) == 0
		t.Run(fmt.Sprintf("%02d/crash-at-call-%d-lost-%v", i, n, lost), func(t *testing.T) {
			t.Parallel()
			f := newFake(t)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			cfg := testConfig(f)
			crashAfter(&cfg, n, lost, cancel)
			res, err := dbEngine(t, cfg, resources).Apply(ctx, envID, resources, reconcile.ApplyOptions{Targets: []string{dbTarget}})
			if err != nil && !errors.Is(err, context.Canceled) {
				t.Fatalf("crashed apply: %v", err)
			} else if err == nil && !res.Converged() {
				t.Fatalf("apply neither crashed nor converged: %v", res.Err())
			}
			if res := dbApply(t, dbEngine(t, testConfig(f), resources), resources, reconcile.ApplyOptions{}); !res.Converged() {
				t.Fatalf("apply after the crash: %v %+v", res.Err(), res.Report.Outstanding())
			}
			dbAudit(t, f)
		})
	}
}

// dbAudit reads every database-tier resource of the fake, unfiltered:
// exactly one of each.
func dbAudit(t *testing.T, f *fake) {
	got := databaseInventory(t, f)
	slices.Sort(got)
	want := []string{"instance everruns-production", "parameter group everruns-production-postgres16",
		"secret everruns/production/database", "subnet group everruns-production"}
	if !slices.Equal(got, want) {
		t.Errorf("after the crash and a second apply: %q, want %q", got, want)
	}
}

// databaseInventory lists every RDS instance, subnet group, parameter
// group (AWS's default.* left out) and secret (those scheduled for
// deletion included) the fake holds, whoever made them: what a crash
// audit counts.
func databaseInventory(t *testing.T, f *fake) []string {
	cfg := testConfig(f)
	api := rds.NewFromConfig(cfg)
	ctx := t.Context()
	var got []string
	dbs, err := api.DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{})
	must(t, "DescribeDBInstances", err)
	for _, db := range dbs.DBInstances {
		got = append(got, "instance "+aws.ToString(db.DBInstanceIdentifier))
	}
	sgs, err := api.DescribeDBSubnetGroups(ctx, &rds.DescribeDBSubnetGroupsInput{})
	must(t, "DescribeDBSubnetGroups", err)
	for _, g := range sgs.DBSubnetGroups {
		got = append(got, "subnet group "+aws.ToString(g.DBSubnetGroupName))
	}
	pgs, err := api.DescribeDBParameterGroups(ctx, &rds.DescribeDBParameterGroupsInput{})
	must(t, "DescribeDBParameterGroups", err)
	for _, g := range pgs.DBParameterGroups {
		if name := aws.ToString(g.DBParameterGroupName); !strings.HasPrefix(name, "default.") {
			got = append(got, "parameter group "+name)
		}
	}
	secrets, err := secretsmanager.NewFromConfig(cfg).ListSecrets(ctx, &secretsmanager.ListSecretsInput{IncludePlannedDeletion: aws.Bool(true)})
	must(t, "ListSecrets", err)
	for _, s := range secrets.SecretList {
		got = append(got, "secret "+aws.ToString(s.Name))
	}
	return got
}
