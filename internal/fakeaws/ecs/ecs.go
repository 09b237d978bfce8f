// Package ecs fakes Amazon Elastic Container Service: clusters, task
// definitions, services with their deployment lifecycle, one-off tasks and
// tags, as the Amazon ECS API Reference describes them
// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/Welcome.html).
//
// Asynchronous behaviour (tasks starting, deployments completing or failing,
// services draining) is computed from env.Clock: every call first settles
// the state up to now, so a test that advances the clock sees every
// transition that fell due, stamped with the instant it happened.
package ecs

import (
	"net/http"
	"sync"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// Service is the fake ECS.
type Service struct {
	env *core.Env

	mu       sync.Mutex
	clusters map[string]*cluster // by name
	families map[string]*family  // task definition families by name
	failing  map[string]bool     // images whose essential containers exit at once
}

// New returns the fake ECS.
func New(env *core.Env) *Service {
	s := &Service{
		env:      env,
		clusters: map[string]*cluster{},
		families: map[string]*family{},
		failing:  map[string]bool{},
	}
	env.Dir.AddTagged(s.tagged)
	return s
}

func (s *Service) Name() string            { return "ecs" }
func (s *Service) Protocol() core.Protocol { return core.JSON }

func (s *Service) Handlers() map[string]core.Handler {
	return map[string]core.Handler{
		"CreateCluster":              s.locked(s.createCluster),
		"DescribeClusters":           s.locked(s.describeClusters),
		"UpdateCluster":              s.locked(s.updateCluster),
		"UpdateClusterSettings":      s.locked(s.updateClusterSettings),
		"ListClusters":               s.locked(s.listClusters),
		"RegisterTaskDefinition":     s.locked(s.registerTaskDefinition),
		"DescribeTaskDefinition":     s.locked(s.describeTaskDefinition),
		"DeregisterTaskDefinition":   s.locked(s.deregisterTaskDefinition),
		"ListTaskDefinitions":        s.locked(s.listTaskDefinitions),
		"CreateService":              s.locked(s.createService),
		"DescribeServices":           s.locked(s.describeServices),
		"UpdateService":              s.locked(s.updateService),
		"DeleteService":              s.locked(s.deleteService),
		"ListServices":               s.locked(s.listServices),
		"RunTask":                    s.locked(s.runTask),
		"DescribeTasks":              s.locked(s.describeTasks),
		"ListTasks":                  s.locked(s.listTasks),
		"StopTask":                   s.locked(s.stopTask),
		"TagResource":                s.locked(s.tagResource),
		"UntagResource":              s.locked(s.untagResource),
		"ListTagsForResource":        s.locked(s.listTagsForResource),
		"ListTaskDefinitionFamilies": s.locked(s.listTaskDefinitionFamilies),
	}
}

// locked serialises every call and settles all asynchronous state up to
// the current fake time before the handler looks at it.
func (s *Service) locked(h core.Handler) core.Handler {
	return func(r *core.Request) (any, error) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.settleAll()
		return h(r)
	}
}

// FailImage marks image as crashing: from now on, tasks whose essential
// container uses it stop right after starting, as a container whose
// process exits does ("Essential container in task exited").
func (s *Service) FailImage(image string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failing[image] = true
}

// HealImage undoes FailImage for tasks started from now on.
func (s *Service) HealImage(image string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.failing, image)
}

// Hooks serves POST /_devcloud/ecs/fail-image?image=IMAGE (and DELETE to
// undo it) for black-box tests of the standalone server.
func (s *Service) Hooks() map[string]http.HandlerFunc {
	return map[string]http.HandlerFunc{
		"fail-image": func(w http.ResponseWriter, r *http.Request) {
			image := r.URL.Query().Get("image")
			if image == "" {
				http.Error(w, "image is required", http.StatusBadRequest)
				return
			}
			switch r.Method {
			case http.MethodPost:
				s.FailImage(image)
			case http.MethodDelete:
				s.HealImage(image)
			default:
				http.Error(w, "use POST or DELETE", http.StatusMethodNotAllowed)
				return
			}
			w.WriteHeader(http.StatusNoContent)
		},
	}
}
