// Package iam fakes AWS Identity and Access Management for roles: the role
// itself, its inline policies, its attached managed policies and its tags.
// IAM is global: every region sees the same roles.
package iam

import (
	"net/http"
	"strings"
	"sync"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// Service is the fake IAM.
type Service struct {
	env *core.Env

	mu    sync.Mutex
	roles map[string]*role // by lower-cased name: IAM names are case-insensitive
}

// New returns the fake IAM.
func New(env *core.Env) *Service {
	s := &Service{env: env, roles: map[string]*role{}}
	env.Dir.Role = s.rolePolicies
	return s
}

func (s *Service) Name() string            { return "iam" }
func (s *Service) Protocol() core.Protocol { return core.Query }

func (s *Service) Handlers() map[string]core.Handler {
	return map[string]core.Handler{
		"CreateRole":                     s.createRole,
		"GetRole":                        s.getRole,
		"ListRoles":                      s.listRoles,
		"DeleteRole":                     s.deleteRole,
		"UpdateAssumeRolePolicy":         s.updateAssumeRolePolicy,
		"UpdateRole":                     s.updateRole,
		"PutRolePolicy":                  s.putRolePolicy,
		"GetRolePolicy":                  s.getRolePolicy,
		"DeleteRolePolicy":               s.deleteRolePolicy,
		"ListRolePolicies":               s.listRolePolicies,
		"AttachRolePolicy":               s.attachRolePolicy,
		"DetachRolePolicy":               s.detachRolePolicy,
		"ListAttachedRolePolicies":       s.listAttachedRolePolicies,
		"TagRole":                        s.tagRole,
		"UntagRole":                      s.untagRole,
		"ListRoleTags":                   s.listRoleTags,
		"GetAccountAuthorizationDetails": s.getAccountAuthorizationDetails,
		"SimulatePrincipalPolicy":        s.simulatePrincipalPolicy,
	}
}

// The IAM error codes and the HTTP statuses IAM answers them with.
func noSuchEntity(format string, args ...any) *core.Error {
	return core.Errorf(http.StatusNotFound, "NoSuchEntity", format, args...)
}

func entityAlreadyExists(format string, args ...any) *core.Error {
	return core.Errorf(http.StatusConflict, "EntityAlreadyExists", format, args...)
}

func deleteConflict(format string, args ...any) *core.Error {
	return core.Errorf(http.StatusConflict, "DeleteConflict", format, args...)
}

func limitExceeded(format string, args ...any) *core.Error {
	return core.Errorf(http.StatusConflict, "LimitExceeded", format, args...)
}

func invalidInput(format string, args ...any) *core.Error {
	return core.BadRequest("InvalidInput", format, args...)
}

// validationError is what IAM answers when a parameter breaks the
// constraints of the API model (length, pattern, range).
func validationError(format string, args ...any) *core.Error {
	return core.BadRequest("ValidationError", format, args...)
}

func key(name string) string { return strings.ToLower(name) }

// lookup returns the role named name; the caller holds s.mu.
func (s *Service) lookup(name string) (*role, error) {
	if name == "" {
		return nil, core.MissingParameter("RoleName")
	}
	r, ok := s.roles[key(name)]
	if !ok {
		return nil, noSuchEntity("The role with name %s cannot be found.", name)
	}
	return r, nil
}
