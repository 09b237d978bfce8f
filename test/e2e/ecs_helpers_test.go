package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"

	fakeecs "github.com/everruns/reconciler/internal/fakeaws/ecs"
	"github.com/everruns/reconciler/pkg/desired"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// ecsFile is a small environment of the workload tier: the network the
// tasks run in, the cluster, one one-off task and three services. It has
// no database, secrets or load balancer, which are other tiers'.
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
	env, diags := desired.Load(ecsPath(t, apiTag, apiCount, migrateTag...))
	if diags.HasErrors() {
		t.Fatalf("load: %v", diags)
	}
	return env.Resources()
}

// ecsPath writes ecsFile with the api's tag and count, and the migrate
// task's tag (v1 unless given), and returns its path.
func ecsPath(t *testing.T, apiTag, apiCount string, migrateTag ...string) string {
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
	return path
}

// ecsWorld is a fake for the workload tier; the cluster, roles and log
// group are made by their own adapters (the cluster tier) in the first
// apply.
type ecsWorld struct {
	f       *fake
	ecs     *ecs.Client
	fakeECS *fakeecs.Service
}

func newECSWorld(t *testing.T) *ecsWorld {
	t.Helper()
	f := newFake(t)
	return &ecsWorld{f: f, ecs: ecs.NewFromConfig(testConfig(f)), fakeECS: f.srv.Service("ecs").(*fakeecs.Service)}
}

// engine is the command line's engine over cfg (newEngine).
func (w *ecsWorld) engine(t *testing.T, cfg aws.Config, _ []desired.Resource) *reconcile.Engine {
	t.Helper()
	return newEngine(cfg)
}
