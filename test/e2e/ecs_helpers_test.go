package e2e

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/everruns/reconciler/internal/adapters"
	fakeecs "github.com/everruns/reconciler/internal/fakeaws/ecs"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/drift"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// ecsFile is a small environment of the workload tier: the network the
// tasks run in, the cluster, one one-off task and three services. It has
// no database, secrets or load balancer, whose adapters are other tiers'.
const ecsFile = `environment: production
project: everruns
region: us-east-1
network:
  cidr: 10.0.0.0/16
  public_subnets:
    - {zone: us-east-1a, cidr: 10.0.1.0/24}
    - {zone: us-east-1b, cidr: 10.0.2.0/24}
  private_subnets:
    - {zone: us-east-1a, cidr: 10.0.10.0/24}
    - {zone: us-east-1b, cidr: 10.0.11.0/24}
security_groups:
  ecs:
    ingress:
      - {protocol: all, self: true}
cluster: {}
tasks:
  migrate:
    image: example/admin
    tag: MIGRATE_TAG
    entrypoint: [sh, -c]
    command: [migrate]
services:
  api:
    image: example/api
    tag: API_TAG
    port: 9000
    desired_count: API_COUNT
    after: [migrate]
  worker:
    image: example/worker
    tag: v1
  ui:
    image: example/ui
    tag: v1
    port: 9100
`

// ecsTargets is the scope of the tests: the services and tasks and what
// they depend on.
var ecsTargets = []string{"service", "task"}

// ecsResources loads ecsFile with the api's tag and count, and the
// migrate task's tag (v1 unless given).
func ecsResources(t *testing.T, apiTag, apiCount string, migrateTag ...string) []desired.Resource {
	t.Helper()
	path := filepath.Join(t.TempDir(), "environment.yaml")
	mt := "v1"
	if len(migrateTag) > 0 {
		mt = migrateTag[0]
	}
	body := strings.NewReplacer("API_TAG", apiTag, "API_COUNT", apiCount, "MIGRATE_TAG", mt).Replace(ecsFile)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	env, diags := desired.Load(path)
	if diags.HasErrors() {
		t.Fatalf("load: %v", diags)
	}
	return env.Resources()
}

// ecsWorld is a fake with the cluster, the roles and the log group made
// through the AWS API, tagged as their adapters would tag them, until
// those adapters land; the engine sees them through ecsProvided.
type ecsWorld struct {
	f        *fake
	ecs      *ecs.Client
	fakeECS  *fakeecs.Service
	provided map[desired.Address]reconcile.Live
}

func newECSWorld(t *testing.T) *ecsWorld {
	t.Helper()
	f := newFake(t)
	cfg := testConfig(f)
	w := &ecsWorld{f: f, ecs: ecs.NewFromConfig(cfg), fakeECS: f.srv.Service("ecs").(*fakeecs.Service), provided: map[desired.Address]reconcile.Live{}}
	ctx := t.Context()
	tags := func(addr string) map[string]string {
		return map[string]string{names.TagProject: envProject, names.TagEnvironment: envName, names.TagAddress: addr}
	}
	cl, err := w.ecs.CreateCluster(ctx, &ecs.CreateClusterInput{ClusterName: aws.String("everruns-production"), Tags: ecsTagList(tags("cluster.ecs"))})
	if err != nil {
		t.Fatal(err)
	}
	arn := aws.ToString(cl.Cluster.ClusterArn)
	w.provided["cluster.ecs"] = reconcile.Live{ID: arn, Attrs: map[string]string{"arn": arn}}
	roles := iam.NewFromConfig(cfg)
	for _, r := range []string{"execution", "task"} {
		out, err := roles.CreateRole(ctx, &iam.CreateRoleInput{RoleName: aws.String("everruns-production-" + r),
			AssumeRolePolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}`),
			Tags:                     iamTagList(tags("cluster.role." + r))})
		if err != nil {
			t.Fatal(err)
		}
		arn := aws.ToString(out.Role.Arn)
		w.provided[desired.Address("cluster.role."+r)] = reconcile.Live{ID: arn, Attrs: map[string]string{"arn": arn}}
	}
	logs := cloudwatchlogs.NewFromConfig(cfg)
	if _, err := logs.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String("/ecs/everruns-production"), Tags: tags("cluster.log_group")}); err != nil {
		t.Fatal(err)
	}
	w.provided["cluster.log_group"] = reconcile.Live{ID: "/ecs/everruns-production", Attrs: map[string]string{"arn": "/ecs/everruns-production"}}
	return w
}

func ecsTagList(m map[string]string) []ecstypes.Tag {
	var out []ecstypes.Tag
	for k, v := range m {
		out = append(out, ecstypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	return out
}

func iamTagList(m map[string]string) []iamtypes.Tag {
	var out []iamtypes.Tag
	for k, v := range m {
		out = append(out, iamtypes.Tag{Key: aws.String(k), Value: aws.String(v)})
	}
	return out
}

// ecsProvided stands for the adapters of the kinds other engineers are
// writing (ecs.cluster, iam.role, logs.log_group): it reports what the
// world made, in sync with the file, and refuses to act.
type ecsProvided struct {
	w         *ecsWorld
	resources []desired.Resource
	kind      string
}

func (p ecsProvided) Observe(context.Context, desired.Identity) (map[desired.Address]reconcile.Live, error) {
	out := map[desired.Address]reconcile.Live{}
	for _, r := range p.resources {
		if l, ok := p.w.provided[r.Address]; ok && r.Kind == p.kind {
			l.Address, l.Fields, l.Ready = r.Address, r.Fields, true
			out[r.Address] = l
		}
	}
	return out, nil
}

func (ecsProvided) Create(context.Context, desired.Identity, desired.Resource) (reconcile.Live, error) {
	return reconcile.Live{}, reconcile.Terminal(errNotProvided)
}

func (ecsProvided) Update(context.Context, desired.Identity, desired.Resource, reconcile.Live, drift.Delta) (reconcile.Live, error) {
	return reconcile.Live{}, reconcile.Terminal(errNotProvided)
}

func (ecsProvided) Delete(context.Context, reconcile.Live) error {
	return reconcile.Terminal(errNotProvided)
}

var errNotProvided = errors.New("this kind's adapter is another tier's; the test only observes what it made")

// engine is the command line's engine plus ecsProvided for the kinds that
// have no adapter on this branch yet (an adapter that has landed wins).
func (w *ecsWorld) engine(t *testing.T, cfg aws.Config, resources []desired.Resource) *reconcile.Engine {
	t.Helper()
	reg, err := adapters.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	kinds := reg.Kinds()
	for _, k := range []string{names.KindCluster, names.KindRole, names.KindLogGroup} {
		if _, ok := kinds[k]; !ok {
			kinds[k] = ecsProvided{w: w, resources: resources, kind: k}
		}
	}
	return reconcile.New(kinds, reconcile.WithClassifier(reg.Classifier().Classify),
		reconcile.WithPollInterval(10*time.Millisecond), reconcile.WithReadyTimeout(30*time.Second),
		reconcile.WithRetry(reconcile.RetryPolicy{Attempts: 5, Initial: time.Millisecond, Max: 5 * time.Millisecond}))
}
