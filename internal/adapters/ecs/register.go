// Package ecs holds the adapters of ECS (kinds ecs.*): the cluster
// (ecs.cluster), task definitions (ecs.task_definition), services and
// their rollouts (ecs.service) and one-off tasks (ecs.run_task). The four
// share one client, one error table (Errors), one cache of task definition
// revisions (a revision never changes, so it is described once per
// process) and one read of the account's clusters (clusterFinder).
package ecs

import (
	"context"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	"github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/everruns/reconciler/internal/adapters/kit"
	"github.com/everruns/reconciler/internal/adapters/tagging"
	"github.com/everruns/reconciler/pkg/desired/names"
	"github.com/everruns/reconciler/pkg/reconcile"
)

// api is the part of ECS the four kinds call; *ecs.Client satisfies it.
type api interface {
	ListTaskDefinitions(context.Context, *ecs.ListTaskDefinitionsInput, ...func(*ecs.Options)) (*ecs.ListTaskDefinitionsOutput, error)
	DescribeTaskDefinition(context.Context, *ecs.DescribeTaskDefinitionInput, ...func(*ecs.Options)) (*ecs.DescribeTaskDefinitionOutput, error)
	RegisterTaskDefinition(context.Context, *ecs.RegisterTaskDefinitionInput, ...func(*ecs.Options)) (*ecs.RegisterTaskDefinitionOutput, error)
	DeregisterTaskDefinition(context.Context, *ecs.DeregisterTaskDefinitionInput, ...func(*ecs.Options)) (*ecs.DeregisterTaskDefinitionOutput, error)
	CreateCluster(context.Context, *ecs.CreateClusterInput, ...func(*ecs.Options)) (*ecs.CreateClusterOutput, error)
	UpdateClusterSettings(context.Context, *ecs.UpdateClusterSettingsInput, ...func(*ecs.Options)) (*ecs.UpdateClusterSettingsOutput, error)
	DeleteCluster(context.Context, *ecs.DeleteClusterInput, ...func(*ecs.Options)) (*ecs.DeleteClusterOutput, error)
	ListClusters(context.Context, *ecs.ListClustersInput, ...func(*ecs.Options)) (*ecs.ListClustersOutput, error)
	DescribeClusters(context.Context, *ecs.DescribeClustersInput, ...func(*ecs.Options)) (*ecs.DescribeClustersOutput, error)
	ListServices(context.Context, *ecs.ListServicesInput, ...func(*ecs.Options)) (*ecs.ListServicesOutput, error)
	DescribeServices(context.Context, *ecs.DescribeServicesInput, ...func(*ecs.Options)) (*ecs.DescribeServicesOutput, error)
	CreateService(context.Context, *ecs.CreateServiceInput, ...func(*ecs.Options)) (*ecs.CreateServiceOutput, error)
	UpdateService(context.Context, *ecs.UpdateServiceInput, ...func(*ecs.Options)) (*ecs.UpdateServiceOutput, error)
	DeleteService(context.Context, *ecs.DeleteServiceInput, ...func(*ecs.Options)) (*ecs.DeleteServiceOutput, error)
	ListTasks(context.Context, *ecs.ListTasksInput, ...func(*ecs.Options)) (*ecs.ListTasksOutput, error)
	DescribeTasks(context.Context, *ecs.DescribeTasksInput, ...func(*ecs.Options)) (*ecs.DescribeTasksOutput, error)
	RunTask(context.Context, *ecs.RunTaskInput, ...func(*ecs.Options)) (*ecs.RunTaskOutput, error)
	StopTask(context.Context, *ecs.StopTaskInput, ...func(*ecs.Options)) (*ecs.StopTaskOutput, error)
	TagResource(context.Context, *ecs.TagResourceInput, ...func(*ecs.Options)) (*ecs.TagResourceOutput, error)
	UntagResource(context.Context, *ecs.UntagResourceInput, ...func(*ecs.Options)) (*ecs.UntagResourceOutput, error)
}

// shared is what the four kinds hold in common.
type shared struct {
	api       api
	revisions *revisions
	cluster   *clusterFinder
	now       func() time.Time
	// backoff is how long a definition whose rollout failed is left alone
	// before it is tried again with the file unchanged.
	backoff  time.Duration
	rollouts *Rollouts

	// facts keeps, by service and failed revision, what its stopped tasks
	// said: the facts do not change, and ECS forgets stopped tasks after
	// about an hour, so a daemon keeps reporting them.
	mu    sync.Mutex
	facts map[string]string
	// stopped keeps one-off tasks seen STOPPED, by task ID: final.
	stopped map[string]*types.Task
	// imageCheck says why an image must not be registered (SetImageCheck).
	imageCheck func(ctx context.Context, image string) string
	imageKnown func(image string) string
}

// Option adjusts the kinds (tests: the clock and the back-off).
type Option func(*shared)

// WithClock sets the clock the rollout back-off reads.
func WithClock(now func() time.Time) Option { return func(s *shared) { s.now = now } }

// WithIndex has the kinds read revisions' tags from the pass's tagging
// index instead of describing each revision a new process has not seen,
// guess the cluster from it while they read the clusters, and take the
// services to describe from it instead of listing them when it names
// every service the file wants.
func WithIndex(ix *tagging.Index) Option {
	return func(s *shared) { s.revisions.index, s.cluster.index = ix, ix }
}

// WithBackoff sets how long a failed definition is not retried.
func WithBackoff(d time.Duration) Option { return func(s *shared) { s.backoff = d } }

// DefaultBackoff: a failed rollout is tried again, file unchanged, after an
// hour (README, "Rollouts").
const DefaultBackoff = time.Hour

// Kinds returns the four kinds over one client.
func Kinds(c api, opts ...Option) map[string]reconcile.Kind {
	s := &shared{api: c, revisions: newRevisions(c), cluster: &clusterFinder{api: c}, now: time.Now,
		backoff: DefaultBackoff, facts: map[string]string{}, stopped: map[string]*types.Task{}}
	for _, o := range opts {
		o(s)
	}
	s.rollouts = newRollouts(s.now())
	return map[string]reconcile.Kind{
		names.KindCluster:        clusterKind{s},
		names.KindTaskDefinition: &taskDefinitions{s},
		names.KindService:        &services{s},
		names.KindRunTask:        &runTasks{s},
	}
}

// Register adds ECS's adapters and its error table.
func Register(reg *kit.Registry, cfg aws.Config) error {
	for kind, k := range Kinds(ecs.NewFromConfig(cfg), WithIndex(tagging.New(cfg))) {
		if err := reg.Add(kind, k); err != nil {
			return err
		}
	}
	if err := reg.AddErrors(Errors); err != nil {
		return err
	}
	return reg.AddOperations(Operations)
}
