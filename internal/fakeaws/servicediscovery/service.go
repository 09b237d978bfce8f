// Package servicediscovery fakes AWS Cloud Map: private DNS namespaces,
// services, instances, tags and the asynchronous operations through which
// Cloud Map creates and changes them, as the API reference describes them
// (https://docs.aws.amazon.com/cloud-map/latest/api/).
package servicediscovery

import (
	"net/http"
	"strings"
	"sync"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// TargetPrefix is the X-Amz-Target prefix the v2 servicediscovery client
// sends (awsJson1.1).
const TargetPrefix = "Route53AutoNaming_v20170314"

// Service is the fake Cloud Map. One mutex guards all state.
type Service struct {
	env *core.Env

	mu         sync.Mutex
	namespaces map[string]*namespace // by ID
	services   map[string]*service   // by ID
	ops        map[string]*operation // by ID
	seq        int
	failing    map[string]string // namespace name → the ErrorCode its creation fails with
}

// New returns the fake Cloud Map and answers the Directory's question about
// discovery services for ECS service registries.
func New(env *core.Env) *Service {
	s := &Service{env: env, namespaces: map[string]*namespace{}, services: map[string]*service{}, ops: map[string]*operation{}, failing: map[string]string{}}
	env.Dir.DiscoveryServiceExists = s.serviceExists
	env.Dir.AddTagged(s.tagged)
	return s
}

func (s *Service) Name() string            { return "servicediscovery" }
func (s *Service) Protocol() core.Protocol { return core.JSON }

func (s *Service) Handlers() map[string]core.Handler {
	return map[string]core.Handler{
		"CreatePrivateDnsNamespace": s.createPrivateDnsNamespace,
		"GetNamespace":              s.getNamespace,
		"ListNamespaces":            s.listNamespaces,
		"DeleteNamespace":           s.deleteNamespace,
		"GetOperation":              s.getOperation,
		"ListOperations":            s.listOperations,
		"CreateService":             s.createService,
		"GetService":                s.getService,
		"ListServices":              s.listServices,
		"UpdateService":             s.updateService,
		"DeleteService":             s.deleteService,
		"RegisterInstance":          s.registerInstance,
		"DeregisterInstance":        s.deregisterInstance,
		"ListInstances":             s.listInstances,
		"TagResource":               s.tagResource,
		"UntagResource":             s.untagResource,
		"ListTagsForResource":       s.listTagsForResource,
	}
}

// serviceExists answers by service ARN (what ECS's serviceRegistries hold)
// or by ID.
func (s *Service) serviceExists(arnOrID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.services[arnOrID[strings.LastIndex(arnOrID, "/")+1:]]
	return ok
}

func (s *Service) nextSeq() int {
	s.seq++
	return s.seq
}

// newID is a Cloud Map ID: prefix, a dash and 16 lower-case characters.
func (s *Service) newID(prefix string) string { return prefix + "-" + s.env.IDs.Hex(16) }

// Every Cloud Map error is a 400 with the code as __type.
func invalidInput(format string, args ...any) error {
	return core.BadRequest("InvalidInput", format, args...)
}

func notFound(code, id string) error {
	return core.Errorf(http.StatusBadRequest, code, "%s not found: %s", strings.TrimSuffix(code, "NotFound"), id)
}
