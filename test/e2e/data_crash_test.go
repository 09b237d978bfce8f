package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
	sm "github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/smithy-go/middleware"

	fakerds "github.com/everruns/reconciler/internal/fakeaws/rds"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// The crash tests' scope: the network, the database with its secret,
// and the certificate; the operator secrets need a person and are left
// out, so that an apply can converge on its own.
var dtCrashTargets = []string{"network", "database", "secrets.database", "certificate"}

func dtCrashApply(ctx context.Context, cfg aws.Config, resources []desired.Resource) (*reconcile.Result, error) {
	return newEngine(cfg).Apply(ctx, envID, resources, reconcile.ApplyOptions{Targets: dtCrashTargets})
}

// An apply over the data tiers killed at a random AWS call, then run
// again, converges with exactly one resource per address.
func TestDataTierCrashedApplyResumesWithoutDuplicates(t *testing.T) {
	resources := networkResources(t)
	f := newFake(t)
	cfg := testConfig(f)
	calls := crashAfter(&cfg, 1<<30, false, func() {})
	if res, err := dtCrashApply(t.Context(), cfg, resources); err != nil || !res.Converged() {
		t.Fatalf("apply from empty: %v %v", err, res.Err())
	}
	total := int(calls.Load())
	rng := rand.New(rand.NewPCG(*crashSeed, 11))
	for i := range *crashRepetitions {
		n, lost := 1+rng.IntN(total), rng.IntN(2) == 0
		t.Run(fmt.Sprintf("%02d/crash-at-call-%d-of-%d-lost-%v", i, n, total, lost), func(t *testing.T) {
			t.Parallel()
			dtCrashAndResume(t, resources, func(cfg *aws.Config, cancel context.CancelFunc) { crashAfter(cfg, n, lost, cancel) })
		})
	}
}

// The crash between the secret and the instance, made deterministic: at
// CreateDBInstance, sent with its answer lost or never sent. The secret
// exists with its generated password; the restart must use it, not make
// a second one, and the instance must take that password.
func TestDataTierCrashAtCreateDBInstance(t *testing.T) {
	resources := networkResources(t)
	for _, lost := range []bool{false, true} {
		t.Run(fmt.Sprintf("answer-lost-%v", lost), func(t *testing.T) {
			t.Parallel()
			f := dtCrashAndResume(t, resources, func(cfg *aws.Config, cancel context.CancelFunc) {
				crashAtOperation(cfg, "CreateDBInstance", lost, cancel)
			})
			out, err := sm.NewFromConfig(testConfig(f)).GetSecretValue(t.Context(), &sm.GetSecretValueInput{SecretId: aws.String(dtDBSecret)})
			must(t, "GetSecretValue", err)
			var v struct{ Password string }
			must(t, "parse the secret", json.Unmarshal([]byte(aws.ToString(out.SecretString)), &v))
			if ok, err := f.srv.Service("rds").(*fakerds.Service).PasswordMatches(dbID, v.Password); err != nil || !ok {
				t.Errorf("the instance does not take the secret's password: %v %v", ok, err)
			}
		})
	}
}

// dtCrashAndResume runs an apply that crash (set up by arm) kills, then a
// second apply, and audits the fake.
func dtCrashAndResume(t *testing.T, resources []desired.Resource, arm func(*aws.Config, context.CancelFunc)) *fake {
	f := newFake(t)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	cfg := testConfig(f)
	arm(&cfg, cancel)
	res, err := dtCrashApply(ctx, cfg, resources)
	if err != nil && !errors.Is(err, context.Canceled) {
		t.Fatalf("crashed apply: %v", err)
	} else if err == nil && !res.Converged() {
		t.Fatalf("apply neither crashed nor converged: %v", res.Err())
	}
	if res, err := dtCrashApply(t.Context(), testConfig(f), resources); err != nil || !res.Converged() {
		t.Fatalf("apply after the crash: %v %v %+v", err, res.Err(), res.Report.Outstanding())
	}
	auditNoDuplicates(t, f, resources)
	dtAudit(t, f)
	return f
}

// crashAtOperation kills the apply at the first attempt of operation op:
// sent with its answer lost (lost), or never sent.
func crashAtOperation(cfg *aws.Config, op string, lost bool, cancel context.CancelFunc) {
	var crashed atomic.Bool
	crash := func() (middleware.FinalizeOutput, middleware.Metadata, error) {
		crashed.Store(true)
		cancel()
		return middleware.FinalizeOutput{}, middleware.Metadata{}, fmt.Errorf("crashed: %w", context.Canceled)
	}
	cfg.APIOptions = append(cfg.APIOptions, func(stack *middleware.Stack) error {
		return stack.Finalize.Add(middleware.FinalizeMiddlewareFunc("E2ECrashAt"+op, func(
			ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler,
		) (middleware.FinalizeOutput, middleware.Metadata, error) {
			at := middleware.GetOperationName(ctx) == op
			if crashed.Load() || at && !lost {
				return crash()
			}
			out, md, err := next.HandleFinalize(context.WithoutCancel(ctx), in)
			if at || crashed.Load() {
				return crash()
			}
			return out, md, err
		}), middleware.After)
	})
}

// dtAudit reads the data tiers of the fake, unfiltered (secrets scheduled
// for deletion and certificates of every status included): exactly one of
// each.
func dtAudit(t *testing.T, f *fake) {
	cfg := testConfig(f)
	got := databaseInventory(t, f)
	certs, err := acm.NewFromConfig(cfg).ListCertificates(t.Context(), &acm.ListCertificatesInput{CertificateStatuses: acmtypes.CertificateStatus("").Values()})
	must(t, "ListCertificates", err)
	for _, c := range certs.CertificateSummaryList {
		got = append(got, "certificate "+aws.ToString(c.DomainName))
	}
	slices.Sort(got)
	want := []string{"certificate " + dtDomain, "instance " + dbID, "parameter group " + dbID + "-postgres16",
		"secret " + dtDBSecret, "subnet group " + dbID}
	if !slices.Equal(got, want) {
		t.Errorf("after the crash and a second apply: %q, want %q", got, want)
	}
}
