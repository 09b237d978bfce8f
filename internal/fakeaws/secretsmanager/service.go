// Package secretsmanager fakes AWS Secrets Manager: secrets, their versions
// and staging labels, tags, scheduled deletion and random passwords, as the
// API reference describes them
// (https://docs.aws.amazon.com/secretsmanager/latest/apireference/).
package secretsmanager

import (
	"net/http"
	"sort"
	"strings"
	"sync"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// Service is the fake Secrets Manager.
type Service struct {
	env *core.Env

	mu      sync.Mutex
	secrets map[string]*secret // by ARN
}

// New returns the fake Secrets Manager and answers env.Dir.SecretExists.
func New(env *core.Env) *Service {
	s := &Service{env: env, secrets: map[string]*secret{}}
	env.Dir.SecretExists = s.exists
	env.Dir.SecretValue = s.value
	return s
}

func (s *Service) Name() string            { return "secretsmanager" }
func (s *Service) Protocol() core.Protocol { return core.JSON }

func (s *Service) Handlers() map[string]core.Handler {
	return map[string]core.Handler{
		"CreateSecret":      s.createSecret,
		"DescribeSecret":    s.describeSecret,
		"ListSecrets":       s.listSecrets,
		"GetSecretValue":    s.getSecretValue,
		"PutSecretValue":    s.putSecretValue,
		"UpdateSecret":      s.updateSecret,
		"GetRandomPassword": s.getRandomPassword,
		"TagResource":       s.tagResource,
		"UntagResource":     s.untagResource,
		"DeleteSecret":      s.deleteSecret,
		"RestoreSecret":     s.restoreSecret,
	}
}

// exists answers other services (an ECS task definition's secrets): a secret
// scheduled for deletion cannot be read, so it does not count.
func (s *Service) exists(idOrARN string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	sec := s.find(idOrARN)
	return sec != nil && sec.deletedAt == nil
}

// value answers other services (ECS resolving a task's secrets) as
// GetSecretValue would; it does not count as an access (LastAccessedDate).
func (s *Service) value(idOrARN, versionID, stage string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sec := s.find(idOrARN)
	if sec == nil {
		return "", core.BadRequest("ResourceNotFoundException", "Secrets Manager can't find the specified secret.")
	}
	if sec.deletedAt != nil {
		return "", errMarkedForDeletion
	}
	v, err := pick(sec, optional(versionID), optional(stage))
	if err != nil {
		return "", err
	}
	if v.str == nil {
		return string(v.bin), nil
	}
	return *v.str, nil
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// find looks a secret up by full ARN, by name, or by partial ARN (the ARN
// without its random six-character suffix). The caller holds s.mu.
func (s *Service) find(id string) *secret {
	s.sweep()
	if sec, ok := s.secrets[id]; ok {
		return sec
	}
	for _, sec := range s.secrets {
		if sec.name == id || sec.partialARN() == id {
			return sec
		}
	}
	return nil
}

// lookup is find with AWS's error for an unknown secret.
func (s *Service) lookup(id *string) (*secret, error) {
	if id == nil || *id == "" {
		return nil, invalidParameter("You must specify a SecretId.")
	}
	sec := s.find(*id)
	if sec == nil {
		return nil, notFound()
	}
	return sec, nil
}

// sweep removes the secrets whose recovery window has ended: AWS deletes
// them permanently then. The caller holds s.mu.
func (s *Service) sweep() {
	now := s.env.Clock.Now()
	for arn, sec := range s.secrets {
		if sec.deletedAt != nil && !now.Before(sec.deletionDate) {
			delete(s.secrets, arn)
		}
	}
}

// sorted returns the secrets by creation date, then name, so that paging is
// stable. The caller holds s.mu.
func (s *Service) sorted() []*secret {
	out := make([]*secret, 0, len(s.secrets))
	for _, sec := range s.secrets {
		out = append(out, sec)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].created.Equal(out[j].created) {
			return out[i].created.Before(out[j].created)
		}
		return strings.Compare(out[i].name, out[j].name) < 0
	})
	return out
}

func notFound() error {
	return core.BadRequest("ResourceNotFoundException", "Secrets Manager can't find the specified secret.")
}

func invalidParameter(msg string) error {
	return core.BadRequest("InvalidParameterException", "%s", msg)
}

func invalidRequest(msg string) error {
	return core.BadRequest("InvalidRequestException", "%s", msg)
}

// errMarkedForDeletion is what AWS answers for reads and writes of a secret
// that is scheduled for deletion.
var errMarkedForDeletion = core.Errorf(http.StatusBadRequest, "InvalidRequestException",
	"You can't perform this operation on the secret because it was marked for deletion.")
