// Package dynamodb fakes Amazon DynamoDB for what a lease (leader election)
// needs: tables, and single-item reads and writes with condition and update
// expressions.
package dynamodb

import (
	"sync"

	"github.com/everruns/reconciler/internal/fakeaws/core"
)

// Service is the fake DynamoDB.
type Service struct {
	env *core.Env

	mu     sync.Mutex
	tables map[string]*table // by region + "/" + name: tables are regional
}

// New returns the fake DynamoDB.
func New(env *core.Env) *Service { return &Service{env: env, tables: map[string]*table{}} }

func (s *Service) Name() string            { return "dynamodb" }
func (s *Service) Protocol() core.Protocol { return core.JSON }

func (s *Service) Handlers() map[string]core.Handler {
	return map[string]core.Handler{
		"CreateTable":   s.createTable,
		"DescribeTable": s.describeTable,
		"DeleteTable":   s.deleteTable,
		"GetItem":       s.getItem,
		"PutItem":       s.putItem,
		"UpdateItem":    s.updateItem,
		"DeleteItem":    s.deleteItem,
	}
}

func validation(format string, args ...any) *core.Error {
	return core.BadRequest("ValidationException", format, args...)
}

func tableNotFound() *core.Error {
	return core.BadRequest("ResourceNotFoundException", "Requested resource not found")
}

func conditionFailed() *core.Error {
	return core.BadRequest("ConditionalCheckFailedException", "The conditional request failed")
}

// lookup finds an active table; the caller holds s.mu.
func (s *Service) lookup(region, name string) (*table, error) {
	t, ok := s.tables[region+"/"+name]
	if !ok {
		return nil, tableNotFound()
	}
	return t, nil
}
