package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"

	"github.com/everruns/reconciler/internal/adapters"
	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

const dbTarget = "database"

// dbSecretStandIn stands in for the secrets tier's secretsmanager.secret
// adapter, which has not landed on this branch: it makes the credentials
// secret as that adapter would (tagged in the create call, a generated
// password in JSON with username), and finds it again by its tags. It
// reports the file's own fields for it, since only the secret's existence
// and ARN matter to the database tier; it is not a test of that tier.
type dbSecretStandIn struct {
	api  *secretsmanager.Client
	want map[desired.Address]desired.Resource
}

func (s dbSecretStandIn) Observe(ctx context.Context, id desired.Identity) (map[desired.Address]reconcile.Live, error) {
	out := map[desired.Address]reconcile.Live{}
	p := secretsmanager.NewListSecretsPaginator(s.api, &secretsmanager.ListSecretsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, sec := range page.SecretList {
			tags := map[string]string{}
			for _, t := range sec.Tags {
				tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
			}
			addr := kit.Claim(id, tags)
			if addr == "" {
				continue
			}
			fields := map[string]any{}
			for k, v := range s.want[addr].Fields {
				fields[k] = v
			}
			fields[names.Secret.Tags] = kit.Observed(tags)
			if err := kit.Put(out, addr, reconcile.Live{ID: aws.ToString(sec.ARN), Fields: fields,
				Attrs: map[string]string{"arn": aws.ToString(sec.ARN)}, Ready: true}); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func (s dbSecretStandIn) Create(ctx context.Context, id desired.Identity, r desired.Resource) (reconcile.Live, error) {
	tags, err := kit.Tags(id, r)
	if err != nil {
		return reconcile.Live{}, err
	}
	pw, err := s.api.GetRandomPassword(ctx, &secretsmanager.GetRandomPasswordInput{PasswordLength: aws.Int64(32), ExcludePunctuation: aws.Bool(true)})
	if err != nil {
		return reconcile.Live{}, err
	}
	var smTags []smtypes.Tag
	for k, v := range tags {
		smTags = append(smTags, smtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	name, _ := kit.String(r.Fields, names.Secret.Name)
	out, err := s.api.CreateSecret(ctx, &secretsmanager.CreateSecretInput{Name: aws.String(name), Tags: smTags,
		SecretString: aws.String(fmt.Sprintf(`{"username":"everruns_admin","password":%q}`, aws.ToString(pw.RandomPassword)))})
	if err != nil {
		return reconcile.Live{}, err
	}
	return reconcile.Live{ID: aws.ToString(out.ARN), Fields: r.Fields, Attrs: map[string]string{"arn": aws.ToString(out.ARN)}, Ready: true}, nil
}

func (s dbSecretStandIn) Update(context.Context, desired.Identity, desired.Resource, reconcile.Live, drift.Delta) (reconcile.Live, error) {
	return reconcile.Live{}, kit.BadInput("the stand-in secret adapter does not update")
}

func (s dbSecretStandIn) Delete(context.Context, reconcile.Live) error {
	return kit.BadInput("the stand-in secret adapter does not delete")
}

// dbEngine is newEngine with the stand-in secret adapter.
func dbEngine(t testing.TB, cfg aws.Config, resources []desired.Resource) *reconcile.Engine {
	reg, err := adapters.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	kinds := reg.Kinds()
	if _, landed := kinds[names.KindSecret]; !landed {
		want := map[desired.Address]desired.Resource{}
		for _, r := range resources {
			want[r.Address] = r
		}
		kinds[names.KindSecret] = dbSecretStandIn{api: secretsmanager.NewFromConfig(cfg), want: want}
	}
	return reconcile.New(kinds,
		reconcile.WithClassifier(reg.Classifier().Classify),
		reconcile.WithPollInterval(10*time.Millisecond),
		reconcile.WithReadyTimeout(30*time.Second),
		reconcile.WithRetry(reconcile.RetryPolicy{Attempts: 5, Initial: time.Millisecond, Max: 5 * time.Millisecond}))
}

// dbResources is the shipped file's resources with the instance's fields
// edited, as if the file said so.
func dbResources(t testing.TB, edit map[string]any) []desired.Resource {
	env, diags := desired.Load(envFile)
	if diags.HasErrors() {
		t.Fatalf("load %s: %v", envFile, diags)
	}
	out := env.Resources()
	for i, r := range out {
		if r.Address == "database.instance" {
			fields := map[string]any{}
			for k, v := range r.Fields {
				fields[k] = v
			}
			for k, v := range edit {
				fields[k] = v
			}
			out[i].Fields = fields
		}
	}
	return out
}

// dbApply applies the database target and fails unless it converges.
func dbApply(t *testing.T, e *reconcile.Engine, resources []desired.Resource, opts reconcile.ApplyOptions) *reconcile.Result {
	t.Helper()
	opts.Targets = []string{dbTarget}
	res, err := e.Apply(t.Context(), envID, resources, opts)
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	return res
}

// dbPlan is what diff reports for the database target.
func dbPlan(t *testing.T, e *reconcile.Engine, resources []desired.Resource) drift.Report {
	t.Helper()
	p, err := e.Plan(t.Context(), envID, resources, []string{dbTarget})
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	return p.Report
}

func changeAt(r drift.Report, addr desired.Address) drift.Change {
	for _, c := range r.Changes {
		if c.Address == addr {
			return c
		}
	}
	return drift.Change{}
}

// dbAvailable polls, with a deadline, until the instance is available.
func dbAvailable(t *testing.T, api *rds.Client) {
	t.Helper()
	eventually(t, "the instance is available", func() bool {
		out, err := api.DescribeDBInstances(t.Context(), &rds.DescribeDBInstancesInput{DBInstanceIdentifier: aws.String(dbID)})
		return err == nil && aws.ToString(out.DBInstances[0].DBInstanceStatus) == "available"
	})
}

const dbID = "everruns-production"
